using System.Net;
using System.Text.RegularExpressions;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

/// <summary>The client API's error envelope and the checks every endpoint makes: app token (401), then user id (400).</summary>
public abstract class ClientErrorsTests(AppFixture app)
{
    /// <summary>Every client API endpoint, as (method, path); {offer} is a real offer's id.</summary>
    public static readonly (string Method, string Path)[] Endpoints =
    [
        ("GET", "/v1/client/offers"), ("GET", "/v2/client/offers"), ("POST", "/v1/client/offers/{offer}/start"),
        ("GET", "/v1/client/user/history"), ("GET", "/v1/client/user/started-offers"), ("GET", "/v1/client/user/history/offers/{offer}"),
    ];

    /// <summary>The exact error body, with any 16-hex trace id.</summary>
    public static string EnvelopePattern(string message, string http) =>
        "^" + Regex.Escape($"{{\"error\":{{\"details\":{{\"msg\":\"{message}\",\"http\":\"{http}\"}}}},\"status\":\"error\",\"trace_id\":\"") + "[0-9a-f]{16}\"}$";

    private async Task<(Shop Shop, string OfferId)> ShopAsync()
    {
        var shop = await Shop.CreateAsync(app);
        var offer = await shop.ImportAsync([new { id = "0", name = "Install", payout = 1m, reward = 0.5m }]);
        return (shop, offer.Id);
    }

    private Task<ClientAnswer> CallAsync((string Method, string Path) endpoint, string offerId, string? token, string? userId) =>
        Shop.SendAsync(app, new HttpMethod(endpoint.Method), endpoint.Path.Replace("{offer}", offerId, StringComparison.Ordinal), token, userId);

    [Fact]
    public async Task MissingOrWrongApiTokenAnswers401OnEveryEndpoint()
    {
        var (shop, offerId) = await ShopAsync();
        foreach (var endpoint in Endpoints)
        {
            foreach (var token in new[] { null, "", "wrong-token", shop.AppToken + "x", new string('a', 101), shop.AppToken.ToUpperInvariant() })
            {
                var answer = await CallAsync(endpoint, offerId, token, "u");
                Assert.True(answer.Status == HttpStatusCode.Unauthorized, $"{endpoint} token '{token}': {answer.Text}");
                Assert.Matches(EnvelopePattern("invalid api token", "401 Unauthorized"), answer.Text);
            }
        }
        Assert.Equal((0, 0), await shop.FootprintAsync());
    }

    public static TheoryData<string?> BadUserIds => new(new string?[]
    {
        null, "", new string('u', 51), "a\u0001b", "tab\there", "del\u007f", " leading", "trailing ", " ",
    });

    [Theory]
    [MemberData(nameof(BadUserIds))]
    public async Task MissingTooLongOrUnprintableUserIdAnswers400OnEveryEndpoint(string? userId)
    {
        var (shop, offerId) = await ShopAsync();
        foreach (var endpoint in Endpoints)
        {
            var answer = await CallAsync(endpoint, offerId, shop.AppToken, userId);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{endpoint}: {answer.Text}");
            Assert.Matches(EnvelopePattern("X-User-Id must be 1 to 50 printable characters", "400 Bad Request"), answer.Text);
        }
        Assert.Equal((0, 0), await shop.FootprintAsync());
    }

    [Fact]
    public async Task UserIdOfFiftyCharactersIsAccepted()
    {
        var (shop, offerId) = await ShopAsync();
        var userId = new string('u', 49) + "Ü";
        foreach (var endpoint in Endpoints)
            Assert.Equal(HttpStatusCode.OK, (await CallAsync(endpoint, offerId, shop.AppToken, userId)).Status);
        Assert.Equal((1, 1), await shop.FootprintAsync());
    }

    [Fact]
    public async Task TheApiTokenIsCheckedBeforeTheUserId()
    {
        var (_, offerId) = await ShopAsync();
        var answer = await CallAsync(Endpoints[0], offerId, "wrong-token", new string('u', 51));
        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }

    [Fact]
    public async Task ErrorEnvelopeHasTheSeedsShapeAndAFreshTraceId()
    {
        var (shop, _) = await ShopAsync();
        var first = await shop.DetailsAsync("no-such-offer", "u");
        var second = await shop.DetailsAsync("no-such-offer", "u");
        Assert.Equal(HttpStatusCode.NotFound, first.Status);
        Assert.Equal(["error", "status", "trace_id"], SeedKeys.Of(first.Body));
        Assert.Equal(["details"], SeedKeys.Of(first.Body["error"]));
        Assert.Equal(["msg", "http"], SeedKeys.Of(first.Body["error"]!["details"]));
        Assert.Equal("error", (string?)first.Body["status"]);
        Assert.Equal("application/json; charset=utf-8", first.Headers["Content-Type"]);
        Assert.NotEqual((string?)first.Body["trace_id"], (string?)second.Body["trace_id"]);
    }
}
