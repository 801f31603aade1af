using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>
/// Every secret rotates (server key, app token, postback secret, advertiser secret), at once or with a
/// grace period during which the old one still works; the fake clock ends the grace period.
/// </summary>
public abstract class RotationTests(AppFixture app) : IAsyncLifetime
{
    private PostbackSink _sink = null!;

    public async ValueTask InitializeAsync() => _sink = await PostbackSink.StartAsync();
    public async ValueTask DisposeAsync() { await _sink.DisposeAsync(); GC.SuppressFinalize(this); }

    private async Task<HttpStatusCode> DataApiAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/partner/conversions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (await app.Client.SendAsync(request)).StatusCode;
    }

    private async Task<HttpStatusCode> ClientApiAsync(string token) =>
        (await Shop.SendAsync(app, HttpMethod.Get, "/v1/client/offers", token, "u")).Status;

    private Task<JsonObject> RotateAsync(string path, int? graceHours, HttpStatusCode expect = HttpStatusCode.OK) =>
        Market.AdminAsync(app, path, graceHours is { } h ? new { grace_hours = h } : null, expect);

    [Fact]
    public async Task AServerKeyRotatedWithAGracePeriodKeepsWorkingUntilItEnds()
    {
        var m = await Market.CreateAsync(app);
        var rotated = await RotateAsync($"/admin/partners/{m.PartnerId}/rotate-key", 2);
        var newKey = (string)rotated["server_key"]!;
        Assert.Equal(app.UtcNow.AddHours(2), (DateTime)rotated["previous_valid_until"]!);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (await DataApiAsync(m.ServerKey), await DataApiAsync(newKey)));

        app.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (await DataApiAsync(m.ServerKey), await DataApiAsync(newKey)));

        // Without a grace period the old key stops at once; rotating again drops the previous key's grace.
        var withGrace = (string)(await RotateAsync($"/admin/partners/{m.PartnerId}/rotate-key", 5))["server_key"]!;
        var atOnce = await RotateAsync($"/admin/partners/{m.PartnerId}/rotate-key", null);
        Assert.Null((DateTime?)atOnce["previous_valid_until"]);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK),
            (await DataApiAsync(newKey), await DataApiAsync(withGrace), await DataApiAsync((string)atOnce["server_key"]!)));
    }

    [Fact]
    public async Task AnAppTokenRotatedWithAGracePeriodKeepsWorkingUntilItEnds()
    {
        var m = await Market.CreateAsync(app);
        var rotated = await RotateAsync($"/admin/partners/{m.PartnerId}/rotate-app-token", 1);
        var newToken = (string)rotated["app_token"]!;
        Assert.NotEqual(m.AppToken, newToken);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (await ClientApiAsync(m.AppToken), await ClientApiAsync(newToken)));

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (await ClientApiAsync(m.AppToken), await ClientApiAsync(newToken)));
        Assert.Equal(newToken, await app.WithDb(db => db.Partners.Where(p => p.Id == m.PartnerId).Select(p => p.AppToken).SingleAsync()));
    }

    [Fact]
    public async Task AnAdvertiserSecretRotatedWithAGracePeriodStillSignsUntilItEnds()
    {
        var m = await Market.CreateAsync(app);
        var rotated = await RotateAsync($"/admin/advertisers/{m.AdvertiserId}/rotate-secret", 24);
        var newSecret = (string)rotated["secret"]!;
        Assert.NotEqual(m.Secret, newSecret);

        Assert.Equal(HttpStatusCode.OK, (await Market.SendPostbackAsync(app.Client, m.Secret, await m.StartAsync("old"), m.Install)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Market.SendPostbackAsync(app.Client, newSecret, await m.StartAsync("new"), m.Install)).Status);

        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var late = await m.StartAsync("late");
        var (status, body) = await Market.SendPostbackAsync(app.Client, m.Secret, late, m.Install);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_signature", (string?)body["error"]!["code"]);
        Assert.Equal(HttpStatusCode.OK, (await Market.SendPostbackAsync(app.Client, newSecret, late, m.Install)).Status);
        Assert.Equal(3, (await m.LedgerAsync()).Count);
    }

    [Fact]
    public async Task DuringAPostbackSecretsGracePeriodGetPostbacksStaySignedWithTheOldSecretAndTestPostbacksWithTheNewOne()
    {
        var m = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/pb?tx={transaction_id}");
        var newSecret = (string)(await RotateAsync($"/admin/partners/{m.PartnerId}/rotate-postback-secret", 1))["postback_secret"]!;
        Assert.NotEqual(m.PostbackSecret, newSecret);

        await m.PostbackAsync(await m.StartAsync("a"), m.Install);
        var during = await NextRequestAsync();
        Assert.True(SignedGet(during, m.PostbackSecret), during.Url);

        var test = await m.PartnerGetAsync("/data/partner/postbacks/test", HttpMethod.Post);
        Assert.Equal(HttpStatusCode.OK, test.Status);
        Assert.True(SignedGet(await NextRequestAsync(), newSecret));

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await m.PostbackAsync(await m.StartAsync("b"), m.Install);
        Assert.True(SignedGet(await NextRequestAsync(), newSecret));
    }

    [Fact]
    public async Task DuringAPostbackSecretsGracePeriodStandardWebhooksCarryBothSignatures()
    {
        var m = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/hook", postbackFormat: "standard_webhooks");
        var newSecret = (string)(await RotateAsync($"/admin/partners/{m.PartnerId}/rotate-postback-secret", 1))["postback_secret"]!;
        await m.PostbackAsync(await m.StartAsync("a"), m.Install);
        var during = await NextRequestAsync();
        // Verified with the StandardWebhooks package too (Postbacks/StandardWebhooksTests.cs), on the real clock it needs.
        Assert.Equal($"{Webhook(m.PostbackSecret, during)} {Webhook(newSecret, during)}", during.Headers["webhook-signature"]);

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await m.PostbackAsync(await m.StartAsync("b"), m.Install);
        var after = await NextRequestAsync();
        Assert.Equal(Webhook(newSecret, after), after.Headers["webhook-signature"]);
    }

    [Fact]
    public async Task RotationsRefuseABadGracePeriodAndAnUnknownId()
    {
        var m = await Market.CreateAsync(app);
        foreach (var path in new[] { $"/admin/partners/{m.PartnerId}/rotate-key", $"/admin/partners/{m.PartnerId}/rotate-app-token",
                     $"/admin/partners/{m.PartnerId}/rotate-postback-secret", $"/admin/advertisers/{m.AdvertiserId}/rotate-secret" })
        {
            foreach (var hours in new[] { -1, 721 })
            {
                var problem = await RotateAsync(path, hours, HttpStatusCode.BadRequest);
                Assert.Contains("grace_hours", problem["errors"]!.AsObject().Select(e => e.Key));
            }
            await RotateAsync(path.Replace($"/{m.PartnerId}/", "/999999999/").Replace($"/{m.AdvertiserId}/", "/999999999/"), 1, HttpStatusCode.NotFound);
        }
        // Nothing changed: the original credentials all still work.
        Assert.Equal(HttpStatusCode.OK, await DataApiAsync(m.ServerKey));
        Assert.Equal(HttpStatusCode.OK, await ClientApiAsync(m.AppToken));
        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(await m.StartAsync("u"), m.Install)).Status);
    }

    private async Task<Received> NextRequestAsync()
    {
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(!_sink.Requests.IsEmpty), "a postback");
        Assert.True(_sink.Requests.TryDequeue(out var request));
        return request;
    }

    private static bool SignedGet(Received got, string secret)
    {
        var at = got.Url.LastIndexOf("&signature=", StringComparison.Ordinal);
        return at > 0 && Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(got.Url[..at])))
            == got.Url[(at + "&signature=".Length)..];
    }

    private static string Webhook(string secret, Received got) => "v1," + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
        Encoding.UTF8.GetBytes($"{got.Headers["webhook-id"]}.{got.Headers["webhook-timestamp"]}.{got.Body}")));
}
