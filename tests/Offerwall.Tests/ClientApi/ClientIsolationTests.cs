using System.Globalization;
using System.Net;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Web;

namespace Offerwall.Tests.ClientApi;

/// <summary>
/// The app token is public, so limits per user and per client address sit under the token's: here 3
/// per user, 6 per address, 10 per token, 3 for all unknown tokens together, each per minute
/// (<see cref="TestLimits.Client"/>). Each test has its own addresses.
/// </summary>
public abstract class ClientIsolationTests(AppFixture app)
{
    private static (string, string) From(string address) => ClientAddressStartupFilter.From(address);

    [Fact]
    public async Task OneUserOverItsLimitDoesNotLockOutTheAppsOtherUsers()
    {
        var shop = await Shop.CreateAsync(app);
        // One user hammering from many addresses: more requests than the whole app may make.
        var answers = new List<ClientAnswer>();
        for (var i = 0; i < TestLimits.TokenPermits + 2; i++)
            answers.Add(await shop.GetAsync("/v1/client/user/history", i % 2 == 0 ? "abuser" : "ABUSER", null, From($"10.1.0.{i + 1}")));
        Assert.All(answers.Take(TestLimits.UserPermits), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        // Beyond its own limit (user ids are case-insensitive: "ABUSER" is the same user), every one is refused.
        Assert.All(answers.Skip(TestLimits.UserPermits), a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Matches(ClientErrorsTests.EnvelopePattern("too many requests", "429 Too Many Requests"), a.Text);
            Assert.InRange(int.Parse(a.Headers["Retry-After"], CultureInfo.InvariantCulture), 1, 60);
        });

        // Everyone else of the app is served.
        for (var i = 0; i < TestLimits.UserPermits; i++)
            Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/v1/client/offers", $"player-{i}", null, From($"10.1.1.{i + 1}"))).Status);
    }

    [Fact]
    public async Task EachClientAddressHasItsOwnLimitCountedBeforeTheToken()
    {
        var shop = await Shop.CreateAsync(app);
        var offer = await shop.ImportAsync([new { id = "0", name = "Install", payout = 1m, reward = 0.5m }]);
        const string crowded = "10.2.0.1";
        // Many users behind one address (each within its own limit) share the address's allowance.
        for (var i = 0; i < TestLimits.ClientAddressPermits; i++)
            Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/v1/client/offers", $"neighbour-{i}", null, From(crowded))).Status);

        var refused = await shop.PostAsync($"/v1/client/offers/{offer.Id}/start", "newcomer", null, From(crowded));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Matches(ClientErrorsTests.EnvelopePattern("too many requests", "429 Too Many Requests"), refused.Text);
        Assert.InRange(int.Parse(refused.Headers["Retry-After"], CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal((0, 0), await shop.FootprintAsync());                 // the refused start wrote no user and no click
        // Refused before the token is even looked up: an unknown token gets 429 too, not 401.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await shop.GetAsync("/v1/client/offers", "newcomer", "no-such-token", From(crowded))).Status);

        // The same users from another address are served.
        Assert.Equal(HttpStatusCode.OK, (await shop.PostAsync($"/v1/client/offers/{offer.Id}/start", "newcomer", null, From("10.2.0.2"))).Status);
    }

    [Fact]
    public async Task UnknownTokensShareOneSmallAllowance()
    {
        var shop = await Shop.CreateAsync(app);
        // Each guess from an address of its own, with a token of its own (one too long to be any partner's,
        // which is never looked up): none earns a fresh allowance.
        string[] guesses = ["guess-" + Guid.NewGuid().ToString("N"), new string('a', 101), "guess-" + Guid.NewGuid().ToString("N")];
        Assert.Equal(TestLimits.UnknownTokenPermits, guesses.Length);
        for (var i = 0; i < guesses.Length; i++)
        {
            var guess = await shop.GetAsync("/v1/client/user/history", "u", guesses[i], From($"10.3.0.{i + 1}"));
            Assert.Equal(HttpStatusCode.Unauthorized, guess.Status);
            Assert.Matches(ClientErrorsTests.EnvelopePattern("invalid api token", "401 Unauthorized"), guess.Text);
        }
        foreach (var (token, i) in new[] { "guess-" + Guid.NewGuid().ToString("N"), guesses[0], new string('b', 101) }.Select((t, i) => (t, i)))
        {
            var refused = await shop.GetAsync("/v1/client/user/history", "u", token, From($"10.3.1.{i + 1}"));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            Assert.Matches(ClientErrorsTests.EnvelopePattern("too many requests", "429 Too Many Requests"), refused.Text);
            Assert.InRange(int.Parse(refused.Headers["Retry-After"], CultureInfo.InvariantCulture), 1, 60);
        }

        // The guessing spent nothing of a real token's allowance, nor holds it back.
        for (var i = 0; i < TestLimits.UserPermits; i++)
            Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/v1/client/user/history", "u", null, From($"10.3.2.{i + 1}"))).Status);
    }
}
