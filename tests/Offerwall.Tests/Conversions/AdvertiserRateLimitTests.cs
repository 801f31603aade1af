using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Web;

namespace Offerwall.Tests.Conversions;

/// <summary>
/// The advertiser postback is limited per advertiser (3 a minute here, counted once its signature is
/// checked) and per client address (5, counted before anything is read) (<see cref="TestLimits.Advertiser"/>).
/// A refused postback writes nothing. Each test has its own addresses and advertisers.
/// </summary>
public abstract class AdvertiserRateLimitTests(AppFixture app)
{
    private async Task<(Shop Shop, string Goal, List<string> TxIds)> ClicksAsync(int count, string clientAddress)
    {
        var shop = await Shop.CreateAsync(app);
        var offer = await shop.ImportAsync([new { id = "0", name = "Install", payout = 1m, reward = 0.5m }]);
        var txIds = new List<string>();
        for (var i = 0; i < count; i++)
            txIds.Add(await shop.StartAsync(offer.Id, $"player-{i}", ClientAddressStartupFilter.From(clientAddress)));
        return (shop, offer[0].PublicId, txIds);
    }

    private async Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonObject Body)> PostbackAsync(Shop shop, string txId, string goal, string address,
        string? signature = null)
    {
        using var client = TestLimits.From(app, address);
        return await Market.SendPostbackAsync(client, shop.Secret, txId, goal, signature: signature);
    }

    private Task<int> ConversionsAsync(Shop shop) => app.WithDb(db => db.Conversions.CountAsync(c => c.PartnerId == shop.PartnerId));

    private static void AssertRateLimited((HttpStatusCode Status, System.Text.Json.Nodes.JsonObject Body) answer)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
        Assert.Equal("error", (string?)answer.Body["status"]);
        Assert.Equal("rate_limited", (string?)answer.Body["error"]!["code"]);
        Assert.False(string.IsNullOrEmpty((string?)answer.Body["error"]!["message"]));
    }

    [Fact]
    public async Task EachAdvertiserHasItsOwnLimitAndARefusedPostbackWritesNothing()
    {
        var (shop, goal, txIds) = await ClicksAsync(TestLimits.AdvertiserPermits + 1, "10.6.9.1");
        var (other, otherGoal, otherTx) = await ClicksAsync(1, "10.6.9.2");
        for (var i = 0; i < TestLimits.AdvertiserPermits; i++)
            Assert.Equal(HttpStatusCode.OK, (await PostbackAsync(shop, txIds[i], goal, $"10.6.0.{i + 1}")).Status);

        using var client = TestLimits.From(app, "10.6.1.1");
        using var response = await client.GetAsync("/postbacks/advertiser?" + SignedQuery(shop.Secret, txIds[^1], goal));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);
        AssertRateLimited(await PostbackAsync(shop, txIds[^1], goal, "10.6.1.2"));
        Assert.Equal(TestLimits.AdvertiserPermits, await ConversionsAsync(shop));     // the refused ones wrote nothing
        // A postback that is not the advertiser's (wrong signature) is refused as before, and spends nothing of its allowance.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostbackAsync(shop, txIds[^1], goal, "10.6.1.3", signature: new string('0', 64))).Status);

        // Another advertiser is served.
        Assert.Equal(HttpStatusCode.OK, (await PostbackAsync(other, otherTx[0], otherGoal, "10.6.1.4")).Status);
        Assert.Equal(1, await ConversionsAsync(other));
    }

    [Fact]
    public async Task EachAddressHasItsOwnLimitCountedBeforeTheClickIsLookedUp()
    {
        var (shop, goal, txIds) = await ClicksAsync(1, "10.7.9.1");
        const string address = "10.7.0.1";
        // Any request counts, also one for a click that does not exist.
        for (var i = 0; i < TestLimits.AdvertiserAddressPermits; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await PostbackAsync(shop, $"no-such-click-{i}", goal, address)).Status);

        AssertRateLimited(await PostbackAsync(shop, txIds[0], goal, address));
        Assert.Equal(0, await ConversionsAsync(shop));

        // The same postback from another address is recorded.
        Assert.Equal(HttpStatusCode.OK, (await PostbackAsync(shop, txIds[0], goal, "10.7.0.2")).Status);
        Assert.Equal(1, await ConversionsAsync(shop));
    }

    private static string SignedQuery(string secret, string txId, string goal)
    {
        var parameters = new List<(string Key, string Value)> { ("tx_id", txId), ("goal_id", goal) };
        return $"tx_id={Uri.EscapeDataString(txId)}&goal_id={Uri.EscapeDataString(goal)}&signature={Market.Sign(secret, parameters)}";
    }
}
