using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

/// <summary>GET /v1/client/user/history/offers/{offerId} (seed 004): the user's progress in one offer, computed from real clicks and postbacks.</summary>
public abstract partial class ClientOfferDetailsTests(AppFixture app)
{
    /// <summary>Partner currency: 12.5 Coins per USD, so 1.25 USD is 15.625 → "15.63" Coins.</summary>
    private const decimal Ratio = 12.5m;

    /// <summary>
    /// Five goals: 0 install (no reward, type 1), 1 time played (30 minutes, 24 h goal limit, type 4),
    /// 2 level (24 h hold, up_to), 3 purchase (dynamic, commission per 9.99), 4 level 20; the offer has a 48 h limit.
    /// </summary>
    private static readonly object[] RichGoals =
    [
        new { id = "0", name = "Install", payout = 0.5m, reward = 0m, type_id = 1 },
        new { id = "1", name = "Play for 30 minutes", payout = 2m, reward = 1.25m, type_id = 4, time_played_unit = "minutes", time_played_count = 30, time_limit_hours = 24 },
        new { id = "2", name = "Reach level 10", payout = 3m, reward = 2m, hold_hours = 24, type_id = 2, display_type = "up_to" },
        new { id = "3", name = "Any purchase", payout = 10m, reward = 3m, kind = "dynamic", display_type = "commission", commission_amount = 9.99m, type_id = 3 },
        new { id = "4", name = "Reach level 20", payout = 4m, reward = 1.5m, type_id = 2 },
    ];

    private static readonly Dictionary<string, object?> RichOffer = new()
    {
        ["time_limit_hours"] = 48, ["description"] = "Build a kingdom.", ["requirements"] = "New players; reach each goal.",
        ["icon_url"] = "https://cdn.example/icon.png", ["contact_url"] = "https://example.com/contact", ["disclaimer"] = "Not for existing players.",
        ["confirmation_time"] = "Up to 24 hours", ["things_to_know"] = new[] { "New players only", "No VPN" },
        ["categories"] = new[] { "Game", "Android" }, ["is_game"] = true, ["product_id"] = "com.example.kingdom", ["product_name"] = "Kingdom",
    };

    private async Task<(Shop Shop, ShopOffer Offer)> RichAsync()
    {
        var shop = await Shop.CreateAsync(app, Ratio);
        return (shop, await shop.ImportAsync(RichGoals, RichOffer));
    }

    private static string At(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime Second(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static string[] Strings(JsonNode data, string key) => [.. data["events"]!.AsArray().Select(e => e![key] is null ? "null" : e[key]!.ToJsonString().Trim('"'))];

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex TraceId();

    [Fact]
    public async Task DetailsKeysFollowTheSeedInOrder()
    {
        var (shop, offer) = await RichAsync();
        await shop.StartAsync(offer.Id, "Player-1");
        var answer = await shop.DetailsAsync(offer.Id, "Player-1");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(SeedKeys.Envelope, SeedKeys.Of(answer.Body));
        Assert.Equal("success", (string?)answer.Body["status"]);
        Assert.Matches(TraceId(), (string?)answer.Body["trace_id"]);
        Assert.Equal(SeedKeys.Details, SeedKeys.Of(answer.Data));
        var events = answer.Data["events"]!.AsArray();
        Assert.Equal(5, events.Count);
        Assert.All(events, e => Assert.Equal(SeedKeys.Event, SeedKeys.Of(e)));
        Assert.Equal(SeedKeys.TimePlayed, SeedKeys.Of(events[1]!["time_played"]));
        // The raw text too: the keys are written in this order, not only parsed in it.
        Assert.StartsWith("{\"data\":{\"offer_id\":", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreshlyStartedOfferShowsEveryEventViewedWithWhatItPromises()
    {
        var (shop, offer) = await RichAsync();
        var started = Second(app.UtcNow);
        var tx = await shop.StartAsync(offer.Id, "Player 7/x");
        var data = (await shop.DetailsAsync(offer.Id, "Player 7/x")).Data;

        Assert.Equal(offer.Id, (string?)data["offer_id"]);
        Assert.Equal("Client Game", (string?)data["anchor"]);
        Assert.Equal("Build a kingdom.", (string?)data["description"]);
        Assert.Equal("New players; reach each goal.", (string?)data["requirements"]);
        Assert.Equal("https://cdn.example/icon.png", (string?)data["icon_url"]);
        Assert.Equal("https://example.com/contact", (string?)data["contact_url"]);
        Assert.Equal("[\"New players only\",\"No VPN\"]", data["things_to_know"]!.ToJsonString());
        Assert.Equal(At(started), (string?)data["started_at"]);
        Assert.Equal("Not for existing players.", (string?)data["disclaimer"]);
        Assert.Equal(48, (int)data["hours_left"]!);
        Assert.True((bool)data["is_game"]!);
        Assert.Equal("com.example.kingdom", (string?)data["product_id"]);
        Assert.Equal("Kingdom", (string?)data["product_name"]);
        Assert.Equal("[\"Game\",\"Android\"]", data["categories"]!.ToJsonString());
        Assert.Equal("Up to 24 hours", (string?)data["confirmation_time"]);
        Assert.Equal(At(started), (string?)data["latest_date"]);
        Assert.Equal($"https://track.example/c?tx={tx}&u=Player%207%2Fx&p={shop.PartnerId}&o={offer.Id}", (string?)data["continue_url"]);
        Assert.Equal("0.00", (string?)data["points"]);
        Assert.Equal(0, (int)data["completed_events"]!);
        Assert.False((bool)data["completed"]!);
        Assert.False((bool)data["has_pending_conversions"]!);
        Assert.Equal("96.88", (string?)data["total_points"]);   // 15.63 + 25 + 37.50 + 18.75; the install pays nothing
        Assert.Null(data["total_promotional_points"]);
        Assert.Equal("0.00", (string?)data["total_approved_points"]);
        Assert.Equal("0.00", (string?)data["total_pending_points"]);
        Assert.Equal("0.00", (string?)data["total_cancelled_points"]);
        foreach (var key in new[] { "total_events", "total_approved_events", "total_pending_events", "total_cancelled_events" })
            Assert.Equal(0, (int)data[key]!);
        Assert.Equal(tx, (string?)data["tx_id"]);
        Assert.Equal(offer[0].UuidText, (string?)data["next_event"]);
        Assert.Equal(offer[1].UuidText, (string?)data["next_payable_event"]);   // the install pays nothing

        Assert.Equal(offer.Goals.Select(g => g.UuidText), Strings(data, "uuid"));
        Assert.Equal(["Install", "Play for 30 minutes", "Reach level 10", "Any purchase", "Reach level 20"], Strings(data, "name"));
        Assert.Equal(Enumerable.Repeat("viewed", 5), Strings(data, "status"));
        Assert.Equal(Enumerable.Repeat("0", 5), Strings(data, "approved_conversions"));
        Assert.Equal(Enumerable.Repeat("0.00", 5), Strings(data, "approved_cpa"));
        Assert.Equal(Enumerable.Repeat("0", 5), Strings(data, "pending_conversions"));
        Assert.Equal(Enumerable.Repeat("0.00", 5), Strings(data, "pending_cpa"));
        Assert.Equal(["flat", "flat", "flat", "dynamic", "flat"], Strings(data, "type"));
        Assert.Equal(["false", "true", "true", "true", "true"], Strings(data, "payable"));
        Assert.Equal(Enumerable.Repeat(At(started), 5), Strings(data, "timestamp"));
        Assert.Equal(Enumerable.Repeat("", 5), Strings(data, "pending_reason"));
        Assert.Equal(["none", "none", "up_to", "commission", "none"], Strings(data, "display_type"));
        Assert.Equal(["0", "15.63", "25.00", "37.50", "18.75"], Strings(data, "promised_points"));
        Assert.Equal(["null", "null", "null", "9.99", "null"], Strings(data, "promised_commission_amount"));
        Assert.Equal(["1", "4", "2", "3", "2"], Strings(data, "type_id"));
        Assert.Equal(Enumerable.Repeat("null", 5), Strings(data, "promotional_points"));
        // Time played: the goal's unit and count, and its id.
        var events = data["events"]!.AsArray();
        Assert.Equal($"{{\"id\":{offer[1].Id},\"goal_unit\":\"minutes\",\"goal_unit_count\":30}}", events[1]!["time_played"]!.ToJsonString());
        Assert.All(new[] { 0, 2, 3, 4 }, i => Assert.Null(events[i]!["time_played"]));
        // The time-played goal has its own 24 h limit; the others have the offer's 48 h.
        Assert.Equal([At(started.AddHours(48)), At(started.AddHours(24)), At(started.AddHours(48)), At(started.AddHours(48)), At(started.AddHours(48))],
            Strings(data, "offer_expires_at"));
        Assert.Equal(["2880", "1440", "2880", "2880", "2880"], Strings(data, "minutes_left"));
    }

    [Fact]
    public async Task ConversionsMoveEventsFromViewedToPendingToCompletedAndReversedOnesCountAsCancelled()
    {
        var (shop, offer) = await RichAsync();
        var t0 = Second(app.UtcNow);
        var tx = await shop.StartAsync(offer.Id, "Player-2");

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await shop.PostbackAsync(tx, offer[0].PublicId);                                    // no hold: approved at once
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await shop.PostbackAsync(tx, offer[2].PublicId);                                    // 24 h hold: pending
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await shop.PostbackAsync(tx, offer[3].PublicId, ("event_id", "order-1"), ("payout", "20"));   // 3 × 20 / 10 = 6 USD = 75 Coins
        await shop.PostbackAsync(tx, offer[3].PublicId, ("event_id", "order-2"), ("payout", "5"));    // 1.50 USD = 18.75 Coins
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var level20 = await shop.PostbackAsync(tx, offer[4].PublicId);
        await shop.MoveAsync(level20, "reverse");

        var data = (await shop.DetailsAsync(offer.Id, "Player-2")).Data;
        Assert.Equal(["completed", "viewed", "pending", "completed", "cancelled"], Strings(data, "status"));
        Assert.Equal(["1", "0", "0", "2", "0"], Strings(data, "approved_conversions"));
        Assert.Equal(["0.00", "0.00", "0.00", "93.75", "0.00"], Strings(data, "approved_cpa"));
        Assert.Equal(["0", "0", "1", "0", "0"], Strings(data, "pending_conversions"));
        Assert.Equal(["0.00", "0.00", "25.00", "0.00", "0.00"], Strings(data, "pending_cpa"));
        Assert.Equal([At(t0.AddMinutes(10)), At(t0), At(t0.AddMinutes(20)), At(t0.AddMinutes(30)), At(t0.AddMinutes(40))], Strings(data, "timestamp"));
        // The promise does not change with what was earned.
        Assert.Equal(["0", "15.63", "25.00", "37.50", "18.75"], Strings(data, "promised_points"));
        Assert.Equal("93.75", (string?)data["points"]);                      // approved only
        Assert.Equal(2, (int)data["completed_events"]!);
        Assert.False((bool)data["completed"]!);
        Assert.True((bool)data["has_pending_conversions"]!);
        Assert.Equal("96.88", (string?)data["total_points"]);
        Assert.Equal("93.75", (string?)data["total_approved_points"]);
        Assert.Equal("25.00", (string?)data["total_pending_points"]);
        Assert.Equal("18.75", (string?)data["total_cancelled_points"]);
        Assert.Equal(5, (int)data["total_events"]!);
        Assert.Equal(3, (int)data["total_approved_events"]!);
        Assert.Equal(1, (int)data["total_pending_events"]!);
        Assert.Equal(1, (int)data["total_cancelled_events"]!);
        Assert.Equal(At(t0), (string?)data["started_at"]);
        Assert.Equal(At(t0.AddMinutes(40)), (string?)data["latest_date"]);
        Assert.Equal(tx, (string?)data["tx_id"]);
        Assert.Equal(offer[1].UuidText, (string?)data["next_event"]);
        Assert.Equal(offer[1].UuidText, (string?)data["next_payable_event"]);

        // Past the hold, the level conversion is approved: it is completed and its points are earned.
        app.Clock.Advance(TimeSpan.FromHours(24));
        await Market.AdminAsync(app, "/admin/conversions/approve-due");
        var approvedAt = At(Second(app.UtcNow));
        data = (await shop.DetailsAsync(offer.Id, "Player-2")).Data;
        Assert.Equal(["completed", "viewed", "completed", "completed", "cancelled"], Strings(data, "status"));
        Assert.Equal(["0.00", "0.00", "25.00", "93.75", "0.00"], Strings(data, "approved_cpa"));
        Assert.Equal(approvedAt, Strings(data, "timestamp")[2]);
        Assert.Equal("118.75", (string?)data["points"]);
        Assert.Equal("118.75", (string?)data["total_approved_points"]);
        Assert.Equal("0.00", (string?)data["total_pending_points"]);
        Assert.False((bool)data["has_pending_conversions"]!);
        Assert.Equal(3, (int)data["completed_events"]!);
        Assert.Equal(approvedAt, (string?)data["latest_date"]);
    }

    [Fact]
    public async Task CancelledPendingConversionIsCancelledAndPaysNothing()
    {
        var (shop, offer) = await RichAsync();
        var tx = await shop.StartAsync(offer.Id, "Player-3");
        var level = await shop.PostbackAsync(tx, offer[2].PublicId);
        await shop.MoveAsync(level, "cancel");

        var data = (await shop.DetailsAsync(offer.Id, "Player-3")).Data;
        Assert.Equal("cancelled", Strings(data, "status")[2]);
        Assert.Equal("25.00", (string?)data["total_cancelled_points"]);
        Assert.Equal(1, (int)data["total_cancelled_events"]!);
        Assert.Equal("0.00", (string?)data["points"]);
        Assert.False((bool)data["has_pending_conversions"]!);
    }

    [Fact]
    public async Task WhenEveryGoalIsDoneThereIsNoNextEvent()
    {
        var shop = await Shop.CreateAsync(app, ratio: 100m);
        var offer = await shop.ImportAsync(
        [
            new { id = "0", name = "Install", payout = 0.2m, reward = 0m },
            new { id = "1", name = "Tutorial", payout = 1m, reward = 0.35m },
        ]);
        var tx = await shop.StartAsync(offer.Id, "Player-4");
        var data = (await shop.DetailsAsync(offer.Id, "Player-4")).Data;
        // Neither the offer nor its goals have a time limit.
        Assert.Null(data["hours_left"]);
        Assert.Equal(["null", "null"], Strings(data, "offer_expires_at"));
        Assert.Equal(["null", "null"], Strings(data, "minutes_left"));

        await shop.PostbackAsync(tx, offer[0].PublicId);
        data = (await shop.DetailsAsync(offer.Id, "Player-4")).Data;
        Assert.Equal(offer[1].UuidText, (string?)data["next_event"]);
        Assert.Equal(offer[1].UuidText, (string?)data["next_payable_event"]);
        Assert.False((bool)data["completed"]!);

        await shop.PostbackAsync(tx, offer[1].PublicId);
        data = (await shop.DetailsAsync(offer.Id, "Player-4")).Data;
        Assert.Null(data["next_event"]);
        Assert.Null(data["next_payable_event"]);
        Assert.True((bool)data["completed"]!);
        Assert.Equal(2, (int)data["completed_events"]!);
        Assert.Equal("35.00", (string?)data["points"]);
        Assert.Equal("35.00", (string?)data["total_points"]);
        Assert.Equal(["completed", "completed"], Strings(data, "status"));
    }

    [Fact]
    public async Task TimeLimitsCountDownFromTheClickOnTheClock()
    {
        var (shop, offer) = await RichAsync();
        var started = Second(app.UtcNow);
        await shop.StartAsync(offer.Id, "Player-5");

        app.Clock.Advance(TimeSpan.FromMinutes(90.5));
        var data = (await shop.DetailsAsync(offer.Id, "Player-5")).Data;
        Assert.Equal(46, (int)data["hours_left"]!);                        // 46.49 hours left: whole hours
        Assert.Equal(["2789.5", "1349.5", "2789.5", "2789.5", "2789.5"], Strings(data, "minutes_left"));
        Assert.Equal(At(started.AddHours(24)), Strings(data, "offer_expires_at")[1]);

        app.Clock.Advance(TimeSpan.FromHours(30) - TimeSpan.FromMinutes(90.5));
        data = (await shop.DetailsAsync(offer.Id, "Player-5")).Data;
        Assert.Equal(18, (int)data["hours_left"]!);
        Assert.Equal(["1080", "0", "1080", "1080", "1080"], Strings(data, "minutes_left"));   // the goal's own limit is over
        Assert.Equal(At(started.AddHours(24)), Strings(data, "offer_expires_at")[1]);

        app.Clock.Advance(TimeSpan.FromHours(20));
        data = (await shop.DetailsAsync(offer.Id, "Player-5")).Data;
        Assert.Equal(0, (int)data["hours_left"]!);
        Assert.Equal(Enumerable.Repeat("0", 5), Strings(data, "minutes_left"));
    }

    [Fact]
    public async Task PromotionalPointsShowOnlyWhileAPromotionRuns()
    {
        var (shop, offer) = await RichAsync();
        await shop.StartAsync(offer.Id, "Player-6");
        var now = app.UtcNow;
        await shop.PromoteAsync(offer.Id, multiplier: 2m, bonus: 0.1m, now.AddHours(1), now.AddHours(2));

        var before = (await shop.DetailsAsync(offer.Id, "Player-6")).Data;
        Assert.Equal(Enumerable.Repeat("null", 5), Strings(before, "promotional_points"));
        Assert.Null(before["total_promotional_points"]);

        app.Clock.Advance(TimeSpan.FromHours(1));
        var during = (await shop.DetailsAsync(offer.Id, "Player-6")).Data;
        // reward × 2 + 0.10 USD, to the cent, × 12.5: 2.60 → 32.50, 4.10 → 51.25, 6.10 → 76.25, 3.10 → 38.75; never for a goal that pays nothing.
        Assert.Equal(["null", "32.50", "51.25", "76.25", "38.75"], Strings(during, "promotional_points"));
        Assert.Equal("198.75", (string?)during["total_promotional_points"]);
        Assert.Equal("96.88", (string?)during["total_points"]);
        Assert.Equal(["0", "15.63", "25.00", "37.50", "18.75"], Strings(during, "promised_points"));

        app.Clock.Advance(TimeSpan.FromHours(1));                          // ends_at is exclusive
        var after = (await shop.DetailsAsync(offer.Id, "Player-6")).Data;
        Assert.Equal(Enumerable.Repeat("null", 5), Strings(after, "promotional_points"));
        Assert.Null(after["total_promotional_points"]);
    }

    [Fact]
    public async Task TheSameUserIdInAnotherCaseSeesTheSameHistory()
    {
        var (shop, offer) = await RichAsync();
        var tx = await shop.StartAsync(offer.Id, "Player-ABC");
        await shop.PostbackAsync(tx, offer[0].PublicId);

        var first = await shop.DetailsAsync(offer.Id, "Player-ABC");
        var lower = await shop.DetailsAsync(offer.Id, "player-abc");
        var upper = await shop.DetailsAsync(offer.Id, "PLAYER-ABC");
        Assert.Equal(first.Data.ToJsonString(), lower.Data.ToJsonString());
        Assert.Equal(first.Data.ToJsonString(), upper.Data.ToJsonString());
        // The link keeps the id as first seen, and starting again in another case is the same click.
        Assert.Contains("&u=Player-ABC&", (string?)lower.Data["continue_url"], StringComparison.Ordinal);
        var again = await shop.PostAsync($"/v1/client/offers/{offer.Id}/start", "player-abc");
        Assert.Equal(tx, (string?)again.Data["tx_id"]);
        Assert.Equal((string?)first.Data["continue_url"], (string?)again.Data["continue_url"]);
        Assert.Equal((1, 1), await shop.FootprintAsync());
    }

    [Fact]
    public async Task AnotherPartnersAppTokenNeverSeesTheUsersProgress()
    {
        var (shop, offer) = await RichAsync();
        var tx = await shop.StartAsync(offer.Id, "Player-8");
        await shop.PostbackAsync(tx, offer[0].PublicId);
        var other = await shop.OtherPartnerAsync();

        var details = await other.DetailsAsync(offer.Id, "Player-8");
        Assert.Equal(HttpStatusCode.NotFound, details.Status);
        Assert.Equal("offer not found in the user's history", details.ErrorMessage);
        Assert.Empty((await other.GetAsync("/v1/client/user/history", "Player-8")).Data.AsArray());
        var list = (await other.GetAsync("/v1/client/offers", "Player-8")).Data;
        Assert.Empty(list["started_offers"]!.AsArray());
        Assert.Contains(offer.Id, list["offers"]!.AsArray().Select(o => (string?)o!["id"]));
    }

    [Fact]
    public async Task UnknownOfferAndOfferNeverStartedAnswer404InTheClientEnvelope()
    {
        var (shop, offer) = await RichAsync();
        var other = await shop.ImportAsync(RichGoals);
        await shop.StartAsync(offer.Id, "Player-9");

        foreach (var (offerId, user) in new[] { ("no-such-offer", "Player-9"), (other.Id, "Player-9"), (offer.Id, "someone-else") })
        {
            var answer = await shop.DetailsAsync(offerId, user);
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
            Assert.Matches(
                "^\\{\"error\":\\{\"details\":\\{\"msg\":\"offer not found in the user's history\",\"http\":\"404 Not Found\"\\}\\}," +
                "\"status\":\"error\",\"trace_id\":\"[0-9a-f]{16}\"\\}$",
                answer.Text);
        }
    }
}
