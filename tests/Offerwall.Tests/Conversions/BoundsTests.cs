using System.Net;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Conversions;

/// <summary>
/// The limits on what an operator may store (time limits, dynamic goals' reward per payout) and on
/// what one conversion may be worth, over HTTP: beyond them a clear 4xx that writes nothing; at them,
/// every API that shows or uses the value answers.
/// </summary>
public abstract class BoundsTests(AppFixture app)
{
    private sealed record Counts(int Offers, int Goals, int Conversions, int Ledger, int Changes);

    private Task<Counts> CountsAsync() => app.WithDb(async db => new Counts(await db.Offers.CountAsync(), await db.Goals.CountAsync(),
        await db.Conversions.CountAsync(), await db.Ledger.CountAsync(), await db.ConversionChanges.CountAsync()));

    private static Dictionary<string, object?> OfferSpec(long advertiserId, object goal, int? timeLimitHours = null) => new()
    {
        ["id"] = "b" + Guid.NewGuid().ToString("N")[..12], ["advertiser_id"] = advertiserId, ["name"] = "Bounds Game",
        ["tracking_url"] = Shop.TrackingUrl, ["time_limit_hours"] = timeLimitHours, ["goals"] = new[] { goal },
    };

    /// <summary>Imports an offer the validation must refuse: 400, problem details naming <paramref name="field"/>, nothing stored.</summary>
    private async Task RefusedAsync(Dictionary<string, object?> offer, string field)
    {
        var before = await CountsAsync();
        var problem = await Market.AdminAsync(app, "/admin/offers/import", new[] { offer }, HttpStatusCode.BadRequest);
        Assert.Equal(400, (int)problem["status"]!);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData(87_601)]
    [InlineData(100_000_000)]
    [InlineData(int.MaxValue)]
    public async Task TimeLimitsBeyondTenYearsAreRefused(int hours)
    {
        var shop = await Shop.CreateAsync(app);
        await RefusedAsync(OfferSpec(shop.AdvertiserId, new { id = "0", name = "Install", payout = 1m, reward = 0.5m }, hours), "offers[0].time_limit_hours");
        await RefusedAsync(OfferSpec(shop.AdvertiserId, new { id = "0", name = "Install", payout = 1m, reward = 0.5m, time_limit_hours = hours }),
            "offers[0].goals[0].time_limit_hours");
    }

    [Fact]
    public async Task TenYearTimeLimitWorksInEveryApiUntilItEnds()
    {
        var shop = await Shop.CreateAsync(app);
        var offer = await shop.ImportAsync([new { id = "0", name = "Install", payout = 1m, reward = 0.5m, time_limit_hours = 87_600 },
            new { id = "1", name = "Level", payout = 1m, reward = 0.5m }], new() { ["time_limit_hours"] = 87_600 });
        var tx = await shop.StartAsync(offer.Id, "u");

        var details = await shop.DetailsAsync(offer.Id, "u");
        Assert.Equal(HttpStatusCode.OK, details.Status);
        Assert.Equal(87_600, (int)details.Data["hours_left"]!);
        Assert.Equal(87_600 * 60.0, (double)details.Data["events"]![0]!["minutes_left"]!);
        Assert.Equal(OfferwallExpiry(87_600), (string?)details.Data["events"]![0]!["offer_expires_at"]);
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/v1/client/offers", "u")).Status);
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/v1/client/user/history", "u")).Status);
        await shop.PostbackAsync(tx, offer[0].PublicId);

        // Ten years and an hour later (the click moved back in time), the limit is over.
        var clickedAt = app.UtcNow.AddHours(-87_601);
        await app.WithDb(db => db.Clicks.Where(c => c.TxId == tx).ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, clickedAt)));
        var (status, body) = await Market.SendPostbackAsync(app.Client, shop.Secret, tx, offer[1].PublicId);
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("offer_expired", (string?)body["error"]!["code"]);
        details = await shop.DetailsAsync(offer.Id, "u");
        Assert.Equal(0, (int)details.Data["hours_left"]!);
        Assert.Equal(0.0, (double)details.Data["events"]![1]!["minutes_left"]!);
    }

    [Fact]
    public async Task ATimeLimitStoredBeforeTheBoundNeitherExpiresNorFailsAPostback()
    {
        var shop = await Shop.CreateAsync(app);
        var offer = await shop.ImportAsync([new { id = "0", name = "Install", payout = 1m, reward = 0.5m }]);
        var tx = await shop.StartAsync(offer.Id, "u");
        // As an older server let operators store it: past DateTime's range when added to the click's time.
        await app.WithDb(db => db.Offers.Where(o => o.PublicId == offer.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.TimeLimitHours, int.MaxValue)));
        Assert.Equal(HttpStatusCode.OK, (await Market.SendPostbackAsync(app.Client, shop.Secret, tx, offer[0].PublicId)).Status);
        Assert.Equal(HttpStatusCode.OK, (await shop.DetailsAsync(offer.Id, "u")).Status);
    }

    private string OfferwallExpiry(int hours) => Offerwall.Web.IsoUtc.Format(app.UtcNow.AddHours(hours));

    [Theory]
    [InlineData("0.000001", "100", "offers[0].goals[0].payout")]     // the finding: 100,000,000 USD for a 1 USD purchase
    [InlineData("0.009999", "0.01", "offers[0].goals[0].payout")]
    [InlineData("0.01", "0.100001", "offers[0].goals[0].reward")]    // just over 10 × the payout
    [InlineData("1", "10.01", "offers[0].goals[0].reward")]
    public async Task DynamicGoalsPayAtMostTenTimesTheirPayoutFromACentUp(string payout, string reward, string field)
    {
        var shop = await Shop.CreateAsync(app);
        var goal = new { id = "0", name = "Purchase", payout = decimal.Parse(payout), reward = decimal.Parse(reward), kind = "dynamic" };
        await RefusedAsync(OfferSpec(shop.AdvertiserId, goal), field);
    }

    [Fact]
    public async Task DynamicGoalAtTheBoundsPaysTenTimesTheReportedPayout()
    {
        var shop = await Shop.CreateAsync(app, ratio: 100m);
        var offer = await shop.ImportAsync([new { id = "0", name = "Purchase", payout = 0.01m, reward = 0.1m, kind = "dynamic" },
            new { id = "1", name = "Any", payout = 0m, reward = 2m, kind = "dynamic" }]);
        var tx = await shop.StartAsync(offer.Id, "u");
        await shop.PostbackAsync(tx, offer[0].PublicId, ("event_id", "big"), ("payout", "100000"));
        await shop.PostbackAsync(tx, offer[1].PublicId, ("event_id", "flat"), ("payout", "100000"));   // payout 0: its reward, whatever is reported
        var rows = await app.WithDb(db => db.Conversions.AsNoTracking().Where(c => c.PartnerId == shop.PartnerId).OrderBy(c => c.Id)
            .Select(c => new { c.Reward, c.RewardLocal, c.AdvertiserPayout }).ToListAsync());
        Assert.Equal((1_000_000m, 100_000_000m, 100_000m), (rows[0].Reward, rows[0].RewardLocal, rows[0].AdvertiserPayout));
        Assert.Equal((2m, 200m), (rows[1].Reward, rows[1].RewardLocal));
    }

    /// <summary>
    /// A partner of 1,000,000 coins per USD, a promotion of ×100 + 10,000 USD, goals of 1,000 USD, a
    /// cent more, and 100,000 USD (all within what validation accepts).
    /// </summary>
    private async Task<(Shop Shop, ShopOffer Offer, string Tx)> RichestAsync()
    {
        var shop = await Shop.CreateAsync(app, ratio: 1_000_000m);
        var offer = await shop.ImportAsync([
            new { id = "0", name = "At the maximum", payout = 1m, reward = 1_000m },
            new { id = "1", name = "A cent over", payout = 1m, reward = 1_000.01m },
            new { id = "2", name = "Richest", payout = 100_000m, reward = 100_000m },
            new { id = "3", name = "Purchase", payout = 0.01m, reward = 0.1m, kind = "dynamic" },
        ], new() { ["time_limit_hours"] = 87_600 });
        return (shop, offer, await shop.StartAsync(offer.Id, "whale"));
    }

    [Fact]
    public async Task ConversionWorthMoreThanTheMaximumIsRefusedWith422AndWritesNothing()
    {
        var (shop, offer, tx) = await RichestAsync();
        await shop.PostbackAsync(tx, offer[0].PublicId);                            // 1,000 USD = 1,000,000,000 coins: the maximum
        Assert.Equal(1_000_000_000m, await app.WithDb(db => db.Conversions.Where(c => c.PartnerId == shop.PartnerId).Select(c => c.RewardLocal).SingleAsync()));

        var before = await CountsAsync();
        await RefusedAsync(shop, tx, offer[1].PublicId);                           // 1,000.01 USD: 1,000,010,000 coins

        await shop.PromoteAsync(null, 100m, 10_000m, app.UtcNow.AddHours(-1), app.UtcNow.AddDays(1));
        await RefusedAsync(shop, tx, offer[2].PublicId);                           // (100,000 × 100 + 10,000) USD × 1,000,000: beyond a 64-bit micro-unit count
        await RefusedAsync(shop, tx, offer[3].PublicId, ("event_id", "e1"), ("payout", "100000"));   // 1,000,000 USD × 100 + 10,000, × 1,000,000
        await RefusedAsync(shop, tx, offer[3].PublicId, ("event_id", "e2"), ("payout", "0.01"));     // (0.1 × 100 + 10,000) USD × 1,000,000
        Assert.Equal(before, await CountsAsync());
    }

    private async Task RefusedAsync(Shop shop, string tx, string goalId, params (string, string)[] extra)
    {
        var (status, body) = await Market.SendPostbackAsync(app.Client, shop.Secret, tx, goalId, extra);
        Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{goalId}: {(int)status} {body.ToJsonString()}");
        Assert.Equal("error", (string?)body["status"]);
        Assert.Equal("amount_too_large", (string?)body["error"]!["code"]);
        Assert.Contains("1,000,000,000", (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task ClientApiShowsTheRichestOffersWithoutAnError()
    {
        var (shop, offer, tx) = await RichestAsync();
        await shop.PostbackAsync(tx, offer[0].PublicId);
        await shop.PromoteAsync(null, 100m, 10_000m, app.UtcNow.AddHours(-1), app.UtcNow.AddDays(1));

        var details = await shop.DetailsAsync(offer.Id, "whale");
        Assert.Equal(HttpStatusCode.OK, details.Status);
        // Promised, not paid: (100,000 × 100 + 10,000) USD × 1,000,000 coins.
        Assert.Equal("10010000000000.00", (string?)details.Data["events"]![2]!["promotional_points"]);
        Assert.Equal("1000000000.00", (string?)details.Data["points"]);
        Assert.Equal(87_600, (int)details.Data["hours_left"]!);
        var list = await shop.GetAsync("/v1/client/offers", "whale");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var started = Assert.Single(list.Data["started_offers"]!.AsArray(), o => (string?)o!["id"] == offer.Id)!;
        Assert.Equal("102000110000.00", (string?)started["total_points"]);   // 1,000 + 1,000.01 + 100,000 + 0.1 USD, unpromoted
        var mine = await shop.GetAsync("/v1/client/user/started-offers", "whale");
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.Equal("1000000000.00", (string?)mine.Data.AsArray()[0]!["points"]);
        // BitLabs' shapes: the v2 list (its time limit in minutes) and the history's completion.
        var v2 = await shop.GetAsync("/v2/client/offers", "whale");
        Assert.Equal(HttpStatusCode.OK, v2.Status);
        var v2Started = Assert.Single(v2.Data["started_offers"]!.AsArray())!;
        Assert.Equal("102000110000.00", (string?)v2Started["total_points"]);
        Assert.Equal(87_600 * 60, (int)v2Started["events"]![0]!["ttc_minutes"]!);
        var history = await shop.GetAsync("/v1/client/user/history", "whale");
        Assert.Equal(HttpStatusCode.OK, history.Status);
        Assert.Equal("1000000000.00", (string?)history.Data.AsArray()[0]!["user_value"]);
    }
}
