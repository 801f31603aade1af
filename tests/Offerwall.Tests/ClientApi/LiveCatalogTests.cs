using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

/// <summary>
/// The active offers held in memory (ClientApi/LiveCatalog.cs): a change made through this server shows at once in the list and the start;
/// a change the server did not make (another node's, here a direct UPDATE) shows within ClientApi:CatalogMaxAge, not before a copy is
/// dropped. Caps are never read from the copy: an offer whose cap is reached leaves the list at once. The partners met by their app
/// tokens (ClientApi/PartnerTokens.cs) are kept the same way.
/// </summary>
public abstract class LiveCatalogTests(AppFixture app)
{
    private static readonly object[] OneGoal = [new { id = "0", name = "Install", payout = 1m, reward = 0.5m }];

    private static string? NameOf(ClientAnswer list, string offerId) =>
        list.Data["offers"]!.AsArray().Where(o => (string?)o!["id"] == offerId).Select(o => (string?)o!["anchor"]).SingleOrDefault();

    private Task RenameBehindTheServerAsync(string offerId, string name) => app.WithDb(db =>
        db.Database.ExecuteSqlAsync($"UPDATE offers SET name = {name} WHERE public_id = {offerId}"));

    /// <summary>The fixture's copy may be an hour old: only this server's own changes drop it.</summary>
    protected abstract bool HoursOld { get; }

    /// <summary>
    /// What <paramref name="read"/> sees after a change the server did not make: asked until it differs from <paramref name="before"/>
    /// (30 s at most); with an hour-old copy, for 2 s only (the old value is what is expected then).
    /// </summary>
    private async Task<T> AfterAChangeElsewhereAsync<T>(Func<Task<T>> read, T before)
    {
        var waited = Stopwatch.StartNew();
        T seen;
        do
        {
            seen = await read();
            if (!EqualityComparer<T>.Default.Equals(seen, before) || HoursOld && waited.Elapsed > TimeSpan.FromSeconds(2)) break;
            await Task.Delay(100);
        }
        while (waited.Elapsed < TimeSpan.FromSeconds(30));
        return seen;
    }

    [Fact]
    public async Task ThisServersChangesShowAtOnceOtherNodesWithinTheMaxAge()
    {
        var shop = await Shop.CreateAsync(app);
        var offer = await shop.ImportAsync(OneGoal);
        Assert.Equal("Client Game", NameOf(await shop.GetAsync("/v1/client/offers", "u-1"), offer.Id));

        // Another node renames it: this server's copy still holds the old name until it is older than the max age.
        await RenameBehindTheServerAsync(offer.Id, "Renamed elsewhere");
        var seen = await AfterAChangeElsewhereAsync(async () => NameOf(await shop.GetAsync("/v1/client/offers", "u-1"), offer.Id), "Client Game");
        Assert.Equal(HoursOld ? "Client Game" : "Renamed elsewhere", seen);

        // This server pauses it: gone from the list and refused at once, whatever the copy's age.
        await Market.AdminAsync(app, $"/admin/offers/{offer.Id}/pause");
        Assert.Null(NameOf(await shop.GetAsync("/v1/client/offers", "u-1"), offer.Id));
        var start = await shop.PostAsync($"/v1/client/offers/{offer.Id}/start", "u-2");
        Assert.Equal(HttpStatusCode.Forbidden, start.Status);
        Assert.Equal("offer is not running", start.ErrorMessage);
        // The new copy was read after the direct UPDATE: it holds that name too.
        await Market.AdminAsync(app, $"/admin/offers/{offer.Id}/resume");
        Assert.Equal("Renamed elsewhere", NameOf(await shop.GetAsync("/v1/client/offers", "u-1"), offer.Id));
    }

    [Fact]
    public async Task APartnerSuspendedHereIsRefusedAtOnceOneSuspendedElsewhereWithinTheMaxAge()
    {
        var shop = await Shop.CreateAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/v1/client/offers", "u-1")).Status);   // the partner is kept now

        // Through this server: refused at once and served again at once, whatever the copies' age.
        await Market.AdminAsync(app, $"/admin/partners/{shop.PartnerId}/suspend", new { reason = "test" });
        var refused = await shop.GetAsync("/v1/client/offers", "u-1");
        Assert.Equal((HttpStatusCode.Forbidden, "partner suspended"), (refused.Status, refused.ErrorMessage));
        await Market.AdminAsync(app, $"/admin/partners/{shop.PartnerId}/resume", new { reason = "test" });
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/v1/client/offers", "u-1")).Status);

        // Elsewhere (another node or the command line; here a direct UPDATE): within the max age, not before a copy is dropped.
        await app.WithDb(db => db.Database.ExecuteSqlAsync($"UPDATE partners SET suspended_at = {app.UtcNow} WHERE id = {shop.PartnerId}"));
        var seen = await AfterAChangeElsewhereAsync(async () => (await shop.GetAsync("/v1/client/offers", "u-1")).Status, HttpStatusCode.OK);
        Assert.Equal(HoursOld ? HttpStatusCode.OK : HttpStatusCode.Forbidden, seen);
    }

    [Fact]
    public async Task AnOfferImportedHereCanBeStartedAtOnce()
    {
        var shop = await Shop.CreateAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/v1/client/offers", "u-1")).Status);   // a copy without the offer
        var offer = await shop.ImportAsync(OneGoal);
        Assert.NotNull(NameOf(await shop.GetAsync("/v1/client/offers", "u-1"), offer.Id));
        var tx = await shop.StartAsync(offer.Id, "u-1");
        Assert.False(string.IsNullOrEmpty(tx));
    }

    [Fact]
    public async Task TheOffersKeptAsJsonFollowThePartnersRatioAndItsPromotions()
    {
        var shop = await Shop.CreateAsync(app, ratio: 100m);
        var offer = await shop.ImportAsync(OneGoal);
        JsonObject Listed(ClientAnswer list) => list.Data["offers"]!.AsArray().Single(o => (string?)o!["id"] == offer.Id)!.AsObject();
        var before = Listed(await shop.GetAsync("/v1/client/offers", "u-1"));
        Assert.Equal(("50.00", null), ((string?)before["total_points"], (string?)before["total_points_promotional"]));
        // The same answer again (now from the kept JSON) is the same, byte for byte but the trace id.
        var again = await shop.GetAsync("/v1/client/offers", "u-1");
        Assert.Equal(before.ToJsonString(), Listed(again).ToJsonString());

        using (var edit = new HttpRequestMessage(HttpMethod.Patch, $"/admin/partners/{shop.PartnerId}") { Content = JsonContent.Create(new { currency_ratio = 10m }) })
        {
            edit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
            using var edited = await app.Client.SendAsync(edit);
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }
        Assert.Equal("5.00", (string?)Listed(await shop.GetAsync("/v1/client/offers", "u-1"))["total_points"]);

        await shop.PromoteAsync(offer.Id, 2m, 0m, app.UtcNow.AddHours(-1), app.UtcNow.AddHours(1));
        var promoted = Listed(await shop.GetAsync("/v1/client/offers", "u-1"));
        Assert.Equal(("5.00", "10.00"), ((string?)promoted["total_points"], (string?)promoted["total_points_promotional"]));
    }

    [Fact]
    public async Task AnOfferWhoseCapIsReachedLeavesTheListAtOnce()
    {
        var shop = await Shop.CreateAsync(app);
        var offer = await shop.ImportAsync(OneGoal, new() { ["caps"] = new { total_conversions = 1 } });
        var tx = await shop.StartAsync(offer.Id, "u-1");
        Assert.NotNull(NameOf(await shop.GetAsync("/v1/client/offers", "u-2"), offer.Id));
        await shop.PostbackAsync(tx, offer[0].PublicId);
        Assert.Null(NameOf(await shop.GetAsync("/v1/client/offers", "u-2"), offer.Id));
        var start = await shop.PostAsync($"/v1/client/offers/{offer.Id}/start", "u-2");
        Assert.Equal(HttpStatusCode.Forbidden, start.Status);
        Assert.Equal("offer has reached its cap", start.ErrorMessage);
    }
}
