using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;
using Offerwall.Data;

namespace Offerwall.Tests.Conversions;

/// <summary>Clicks, advertiser postbacks and the conversion lifecycle, over HTTP, as advertisers, operators and partners see them.</summary>
public abstract class LedgerFlowTests(AppFixture app)
{
    private sealed record Counts(int Conversions, int Ledger, int Deliveries, int Changes);

    private Task<Counts> CountsAsync() => app.WithDb(async db => new Counts(
        await db.Conversions.CountAsync(), await db.Ledger.CountAsync(), await db.PostbackDeliveries.CountAsync(), await db.ConversionChanges.CountAsync()));

    private async Task<JsonObject> AdminMoveAsync(long id, string verb, HttpStatusCode expect = HttpStatusCode.OK) =>
        await Market.AdminAsync(app, $"/admin/conversions/{id}/{verb}", new { reason = "test" }, expect);

    [Fact]
    public async Task ClickToPendingToApprovedToReversedIsVisibleInTheDataApiAtEachStep()
    {
        var m = await Market.CreateAsync(app);
        await m.GiveUnreachablePostbackUrlAsync();
        var tx = await m.StartAsync("Player-1");

        var (status, body) = await m.PostbackAsync(tx, m.Level);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pending", (string?)body["conversion_status"]);
        Assert.False((bool)body["duplicate"]!);
        var id = (long)body["transaction_id"]!;
        Assert.Empty(await m.LedgerAsync());   // pending conversions are not paid, so not listed

        await AdminMoveAsync(id, "approve");
        var row = Assert.Single(await m.LedgerAsync())!;
        Assert.Equal(id, (long)row["transaction_id"]!);
        Assert.Equal("Player-1", (string?)row["user_id"]);
        Assert.Equal(m.Level, (string?)row["goal_id"]);
        Assert.Equal("Reach level 10", (string?)row["note"]);
        Assert.Equal("1.25", row["reward"]!.ToJsonString());
        Assert.Equal("125", row["reward_local_currency"]!.ToJsonString());
        Assert.Equal("1", row["payout"]!.ToJsonString());

        await AdminMoveAsync(id, "reverse");
        var rows = await m.LedgerAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal(id, (long)rows[1]!["transaction_id"]!);
        Assert.Equal(1, (int)rows[1]!["reverse"]!);
        Assert.Equal("1.25", rows[1]!["reward"]!.ToJsonString());

        var history = (await HistoryAsync(id)).Select(h => $"{(string?)h!["from"]}->{(string?)h["to"]} by {(string?)h["actor"]}").ToArray();
        Assert.Equal(["->pending by advertiser", "pending->approved by operator", "approved->reversed by operator"], history);
        // Every ledger row has its postback queued in the same transaction.
        var deliveries = await app.WithDb(db => db.PostbackDeliveries.Where(d => d.ConversionId == id).OrderBy(d => d.Id).Select(d => d.Event).ToListAsync());
        Assert.Equal(["approved", "reversed"], deliveries);
    }

    private async Task<JsonArray> HistoryAsync(long id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/conversions/{id}/history");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        return JsonNode.Parse(await (await app.Client.SendAsync(request)).Content.ReadAsStringAsync())!.AsArray();
    }

    [Fact]
    public async Task GoalWithoutHoldIsApprovedAndListedAtOnce()
    {
        var m = await Market.CreateAsync(app);
        var tx = await m.StartAsync("u");
        var (_, body) = await m.PostbackAsync(tx, m.Install);
        Assert.Equal("approved", (string?)body["conversion_status"]);
        Assert.Equal((long)body["transaction_id"]!, (long)Assert.Single(await m.LedgerAsync())!["transaction_id"]!);
    }

    [Fact]
    public async Task TheClockDrivenJobApprovesWhenTheHoldIsOver()
    {
        var m = await Market.CreateAsync(app);
        var tx = await m.StartAsync("u");
        var id = (long)(await m.PostbackAsync(tx, m.Level)).Body["transaction_id"]!;

        app.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, (int)(await Market.AdminAsync(app, "/admin/conversions/approve-due"))["approved"]!);
        Assert.Empty(await m.LedgerAsync());

        // Past the 24-hour hold, the background job (ticking on the fake clock) approves it by itself.
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await m.LedgerAsync()).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            app.Clock.Advance(TimeSpan.FromSeconds(30));
        }
        Assert.Equal(id, (long)Assert.Single(await m.LedgerAsync())!["transaction_id"]!);
        Assert.Equal("system", (string?)(await HistoryAsync(id))[^1]!["actor"]);
    }

    [Fact]
    public async Task RepeatedPostbackGetsTheSameAnswerAndWritesNothing()
    {
        var m = await Market.CreateAsync(app);
        var tx = await m.StartAsync("u");
        var first = await m.PostbackAsync(tx, m.Install);
        var before = await CountsAsync();
        var again = await m.PostbackAsync(tx, m.Install);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal((long)first.Body["transaction_id"]!, (long)again.Body["transaction_id"]!);
        Assert.True((bool)again.Body["duplicate"]!);
        Assert.Equal(before, await CountsAsync());
        // A flat goal converts once per click, whatever event id the advertiser sends.
        var other = await m.PostbackAsync(tx, m.Install, [("event_id", "another")]);
        Assert.Equal((long)first.Body["transaction_id"]!, (long)other.Body["transaction_id"]!);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task ManyIdenticalPostbacksAtOnceWriteOneConversion()
    {
        var m = await Market.CreateAsync(app);
        await m.GiveUnreachablePostbackUrlAsync();
        var tx = await m.StartAsync("u");
        var before = await CountsAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => m.PostbackAsync(tx, m.Purchase, [("event_id", "order-1"), ("payout", "10")])));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(answers.Select(a => (long)a.Body["transaction_id"]!).Distinct());
        Assert.Equal(1, answers.Count(a => !(bool)a.Body["duplicate"]!));
        var after = await CountsAsync();
        Assert.Equal(before with { Conversions = before.Conversions + 1, Ledger = before.Ledger + 1, Deliveries = before.Deliveries + 1, Changes = before.Changes + 1 }, after);
    }

    /// <summary>
    /// Thirty users' postbacks at the same moment, each sent twice: on PostgreSQL they are written in a few shared commits
    /// (Conversions/GroupCommit.cs). Each event is still recorded once, with its own history, ledger row and delivery, and both
    /// copies of a postback get its one transaction id, one of them as the duplicate.
    /// </summary>
    [Fact]
    public async Task ManyUsersPostbacksAtOnceAreEachRecordedOnce()
    {
        const int users = 30;
        var m = await Market.CreateAsync(app);
        await m.GiveUnreachablePostbackUrlAsync();
        var txs = new List<string>();
        for (var i = 0; i < users; i++) txs.Add(await m.StartAsync($"crowd-{i}"));
        var before = await CountsAsync();
        var answers = await Task.WhenAll(txs.SelectMany(tx => new[] { tx, tx })
            .Select(async tx => (Tx: tx, Answer: await m.PostbackAsync(tx, m.Purchase, [("event_id", "order-1"), ("payout", "10")]))));
        Assert.All(answers, a => Assert.True(a.Answer.Status == HttpStatusCode.OK, a.Answer.Body.ToJsonString()));
        var byTx = answers.GroupBy(a => a.Tx).ToList();
        Assert.All(byTx, pair => Assert.Single(pair.Select(a => (long)a.Answer.Body["transaction_id"]!).Distinct()));
        Assert.All(byTx, pair => Assert.Equal(1, pair.Count(a => !(bool)a.Answer.Body["duplicate"]!)));
        Assert.Equal(users, byTx.Select(pair => (long)pair.First().Answer.Body["transaction_id"]!).Distinct().Count());
        var after = await CountsAsync();
        Assert.Equal(before with
        {
            Conversions = before.Conversions + users, Ledger = before.Ledger + users, Deliveries = before.Deliveries + users, Changes = before.Changes + users,
        }, after);
    }

    /// <summary>
    /// Running promotions are kept in memory (Offers/Promotions.cs): one created through this server
    /// counts at once, one written by another node counts within Promotions.Refresh.
    /// </summary>
    [Fact]
    public async Task PromotionsCountAtOnceHereAndWithinTheRefreshFromAnotherNode()
    {
        var m = await Market.CreateAsync(app, ratio: 100m, share: 0.5m);
        var tx = await m.StartAsync("u");
        async Task<string> RewardOf(string eventId)
        {
            var id = (long)(await m.PostbackAsync(tx, m.Purchase, [("event_id", eventId), ("payout", "10")])).Body["transaction_id"]!;
            return (await m.LedgerAsync()).Single(r => (long)r!["transaction_id"]! == id)!["reward"]!.ToJsonString();
        }

        Assert.Equal("3", await RewardOf("before"));   // the promotions now known: none
        await Market.AdminAsync(app, "/admin/promotions",
            new { offer_id = m.OfferId, multiplier = 2m, bonus = 0m, starts_at = app.UtcNow.AddHours(-1), ends_at = app.UtcNow.AddHours(1) },
            HttpStatusCode.Created);
        Assert.Equal("6", await RewardOf("after-admin"));

        // Another node's promotion (written straight to the database): ×3 on this partner's offers, better than ×2.
        await app.WithDb(async db =>
        {
            db.Promotions.Add(new Promotion { PartnerId = m.PartnerId, Multiplier = 3m, Bonus = 0m, StartsAt = app.UtcNow.AddHours(-1), EndsAt = app.UtcNow.AddHours(1) });
            return await db.SaveChangesAsync();
        });
        Assert.Equal("6", await RewardOf("before-the-refresh"));   // this server read the promotions less than a Refresh ago
        app.Clock.Advance(Offerwall.Offers.Promotions.Refresh);
        Assert.Equal("9", await RewardOf("after-other-node"));
    }

    [Fact]
    public async Task DynamicGoalConvertsOncePerEventWithItsOwnAmounts()
    {
        var m = await Market.CreateAsync(app, ratio: 100m, share: 0.5m);
        var tx = await m.StartAsync("u");
        var a = await m.PostbackAsync(tx, m.Purchase, [("event_id", "order-1"), ("payout", "10")]);
        var b = await m.PostbackAsync(tx, m.Purchase, [("event_id", "order-2"), ("payout", "25")]);
        Assert.NotEqual((long)a.Body["transaction_id"]!, (long)b.Body["transaction_id"]!);
        var rows = await m.LedgerAsync();
        Assert.Equal(["3", "7.5"], rows.Select(r => r!["reward"]!.ToJsonString()).ToArray());          // 3 per 10 USD of payout
        Assert.Equal(["5", "12.5"], rows.Select(r => r!["payout"]!.ToJsonString()).ToArray());         // half of the advertiser's payout
        Assert.Equal(["300", "750"], rows.Select(r => r!["reward_local_currency"]!.ToJsonString()).ToArray());
    }

    public static TheoryData<string, string[], string?, HttpStatusCode, string> Rejections => new()
    {
        { "unknown click", [], "no-such-click", HttpStatusCode.NotFound, "unknown_click" },
        { "unknown goal", [], null, HttpStatusCode.NotFound, "unknown_goal" },
        { "bad signature", [], null, HttpStatusCode.Unauthorized, "invalid_signature" },
        { "negative payout", ["payout", "-1"], null, HttpStatusCode.BadRequest, "invalid_request" },
        { "payout not a number", ["payout", "1e3"], null, HttpStatusCode.BadRequest, "invalid_request" },
        { "huge payout", ["payout", "100000000000"], null, HttpStatusCode.BadRequest, "invalid_request" },
        { "payout too precise", ["payout", "0.0000001"], null, HttpStatusCode.BadRequest, "invalid_request" },
        { "bad status", ["status", "paid"], null, HttpStatusCode.BadRequest, "invalid_request" },
        { "bad reverse", ["reverse", "yes"], null, HttpStatusCode.BadRequest, "invalid_request" },
        { "dynamic goal without event id", [], null, HttpStatusCode.BadRequest, "invalid_request" },
        { "reversal of nothing", ["reverse", "1"], null, HttpStatusCode.NotFound, "unknown_conversion" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task RejectedPostbackIsAClear4xxAndWritesNothing(string why, string[] extra, string? txOverride, HttpStatusCode expected, string code)
    {
        var m = await Market.CreateAsync(app);
        var tx = txOverride ?? await m.StartAsync("u");
        var goal = why switch { "unknown goal" => m.OfferId + "_99", "dynamic goal without event id" or "reversal of nothing" => m.Level, _ => m.Install };
        if (why == "reversal of nothing") goal = m.Install;
        var before = await CountsAsync();
        var pairs = extra.Chunk(2).Select(p => (p[0], p[1])).ToList();
        if (why == "dynamic goal without event id") goal = m.Purchase;
        var (status, body) = await m.PostbackAsync(tx, goal, pairs, signature: why == "bad signature" ? new string('0', 64) : null);
        Assert.Equal(expected, status);
        Assert.Equal("error", (string?)body["status"]);
        Assert.Equal(code, (string?)body["error"]!["code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["error"]!["message"]));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task MissingParametersAndRepeatedOnesAre400()
    {
        foreach (var query in new[] { "", "?tx_id=a", "?goal_id=b", "?tx_id=a&tx_id=b&goal_id=c", $"?tx_id={new string('x', 65)}&goal_id=g" })
        {
            var response = await app.Client.GetAsync("/postbacks/advertiser" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid_request", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]);
        }
    }

    [Fact]
    public async Task PostbackAfterTheOfferTimeLimitIsRefused()
    {
        var m = await Market.CreateAsync(app, timeLimitHours: 48);
        var tx = await m.StartAsync("u");
        app.Clock.Advance(TimeSpan.FromHours(47));
        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(tx, m.Install)).Status);
        app.Clock.Advance(TimeSpan.FromHours(2));
        var before = await CountsAsync();
        var (status, body) = await m.PostbackAsync(tx, m.Purchase, [("event_id", "late")]);
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("offer_expired", (string?)body["error"]!["code"]);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AdvertiserCanApproveCancelAndReverseByStatus()
    {
        var m = await Market.CreateAsync(app);
        var a = await m.StartAsync("a");
        var b = await m.StartAsync("b");
        var c = await m.StartAsync("c");
        await m.PostbackAsync(a, m.Level);
        Assert.Equal("approved", (string?)(await m.PostbackAsync(a, m.Level, [("status", "approved")])).Body["conversion_status"]);
        await m.PostbackAsync(b, m.Level);
        Assert.Equal("cancelled", (string?)(await m.PostbackAsync(b, m.Level, [("status", "rejected")])).Body["conversion_status"]);
        // A reversal before approval cancels: nothing was paid, nothing to un-pay.
        await m.PostbackAsync(c, m.Level);
        Assert.Equal("cancelled", (string?)(await m.PostbackAsync(c, m.Level, [("reverse", "1")])).Body["conversion_status"]);
        var reversed = await m.PostbackAsync(a, m.Level, [("reverse", "1")]);
        Assert.Equal("reversed", (string?)reversed.Body["conversion_status"]);
        var again = await m.PostbackAsync(a, m.Level, [("reverse", "1")]);
        Assert.True((bool)again.Body["duplicate"]!);

        var rows = await m.LedgerAsync();
        Assert.Equal(2, rows.Count);   // a's approval and a's reversal; b and c were never paid
        Assert.All(rows, r => Assert.Equal((long)reversed.Body["transaction_id"]!, (long)r!["transaction_id"]!));
    }

    [Fact]
    public async Task OperatorCannotReverseTwiceOrReverseCancelledOrUnknown()
    {
        var m = await Market.CreateAsync(app);
        var paid = (long)(await m.PostbackAsync(await m.StartAsync("a"), m.Install)).Body["transaction_id"]!;
        var pending = (long)(await m.PostbackAsync(await m.StartAsync("b"), m.Level)).Body["transaction_id"]!;
        await AdminMoveAsync(pending, "cancel");
        await AdminMoveAsync(paid, "reverse");
        var before = await CountsAsync();
        await AdminMoveAsync(paid, "reverse", HttpStatusCode.Conflict);
        await AdminMoveAsync(pending, "reverse", HttpStatusCode.Conflict);
        await AdminMoveAsync(pending, "approve", HttpStatusCode.Conflict);
        await AdminMoveAsync(paid, "cancel", HttpStatusCode.Conflict);
        await AdminMoveAsync(987654321, "reverse", HttpStatusCode.NotFound);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task ConcurrentApprovalsPayOnce()
    {
        var m = await Market.CreateAsync(app);
        var id = (long)(await m.PostbackAsync(await m.StartAsync("a"), m.Level)).Body["transaction_id"]!;
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/conversions/{id}/approve");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
            return (await app.Client.SendAsync(request)).StatusCode;
        }));
        Assert.Equal(1, results.Count(s => s == HttpStatusCode.OK));
        Assert.All(results, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Single(await m.LedgerAsync());
    }

    [Fact]
    public async Task PromotionRaisesTheRewardOnlyInsideItsWindowAndIsRecorded()
    {
        var m = await Market.CreateAsync(app);
        var now = app.UtcNow;
        var promotion = await Market.AdminAsync(app, "/admin/promotions",
            new { offer_id = m.OfferId, multiplier = 2m, bonus = 0.1m, starts_at = now.AddHours(1), ends_at = now.AddHours(2) }, HttpStatusCode.Created);

        await m.PostbackAsync(await m.StartAsync("before"), m.Install);
        app.Clock.Advance(TimeSpan.FromMinutes(90));
        await m.PostbackAsync(await m.StartAsync("during"), m.Install);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await m.PostbackAsync(await m.StartAsync("after"), m.Install);

        var rows = await m.LedgerAsync();
        Assert.Equal(["0.5", "1.1", "0.5"], rows.Select(r => r!["reward"]!.ToJsonString()).ToArray());
        Assert.Equal(["50", "110", "50"], rows.Select(r => r!["reward_local_currency"]!.ToJsonString()).ToArray());
        Assert.Equal(["0.75", "0.75", "0.75"], rows.Select(r => r!["payout"]!.ToJsonString()).ToArray()); // promotions are the user's, not the partner's
        var promoted = await app.WithDb(db => db.Conversions.Where(c => c.PromotionId != null && c.PartnerId == m.PartnerId).CountAsync());
        Assert.Equal(1, promoted);
        Assert.Equal((long)promotion["id"]!, await app.WithDb(db => db.Conversions
            .Where(c => c.PartnerId == m.PartnerId && c.PromotionId != null).Select(c => c.PromotionId!.Value).SingleAsync()));
    }

    [Fact]
    public async Task RestartingAnOfferKeepsItsClick()
    {
        var m = await Market.CreateAsync(app);
        var first = await m.StartAsync("Same-User");
        Assert.Equal(first, await m.StartAsync("same-user"));
        Assert.Equal(first, await m.StartAsync("SAME-USER"));
        Assert.Equal(24, first.Length);
        Assert.NotEqual(first, await m.StartAsync("other-user"));
    }

    [Fact]
    public async Task AdminApiRefusesPartnerKeysAndNoToken()
    {
        var m = await Market.CreateAsync(app);
        foreach (var auth in new[] { null, $"Bearer {m.ServerKey}", "Bearer wrong" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/partners");
            if (auth is not null) request.Headers.TryAddWithoutValidation("Authorization", auth);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task RotatingAPartnerKeyRetiresTheOldOne()
    {
        var m = await Market.CreateAsync(app);
        var rotated = await Market.AdminAsync(app, $"/admin/partners/{m.PartnerId}/rotate-key");
        async Task<HttpStatusCode> With(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/data/partner/conversions");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return (await app.Client.SendAsync(request)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await With(m.ServerKey));
        Assert.Equal(HttpStatusCode.OK, await With((string)rotated["server_key"]!));
    }

    [Fact]
    public async Task StatefulPartnersGetPendingAndCancelledPostbacksToo()
    {
        var plain = await Market.CreateAsync(app);
        var stateful = await Market.CreateAsync(app, stateful: true);
        foreach (var m in new[] { plain, stateful })
        {
            await m.GiveUnreachablePostbackUrlAsync();
            var id = (long)(await m.PostbackAsync(await m.StartAsync("u"), m.Level)).Body["transaction_id"]!;
            await AdminMoveAsync(id, "cancel");
        }
        var events = await app.WithDb(db => db.PostbackDeliveries.Where(d => d.PartnerId == plain.PartnerId || d.PartnerId == stateful.PartnerId)
            .OrderBy(d => d.Id).Select(d => new { d.PartnerId, d.Event }).ToListAsync());
        Assert.DoesNotContain(events, e => e.PartnerId == plain.PartnerId);
        Assert.Equal(["pending", "cancelled"], events.Where(e => e.PartnerId == stateful.PartnerId).Select(e => e.Event).ToArray());
    }

    [Fact]
    public async Task DataApiTotalsStayExactAsHoursCloseAndNewRowsArrive()
    {
        // Counts of past hours are stored on first use; rows written later, at the current time, still count.
        var m = await Market.CreateAsync(app);
        var expected = new List<long>();
        async Task Convert(string user) => expected.Add((long)(await m.PostbackAsync(await m.StartAsync(user), m.Install)).Body["transaction_id"]!);
        for (var i = 0; i < 3; i++) await Convert($"early-{i}");
        app.Clock.Advance(TimeSpan.FromHours(2));
        for (var i = 0; i < 2; i++) await Convert($"later-{i}");
        Assert.Equal(expected, (await m.LedgerAsync("&per_page=2&page=1")).Concat(await m.LedgerAsync("&per_page=2&page=2")).Concat(await m.LedgerAsync("&per_page=2&page=3"))
            .Select(r => (long)r!["transaction_id"]!));
        app.Clock.Advance(TimeSpan.FromHours(3));
        await Convert("newest");
        var pages = new List<long>();
        for (var page = 1; page <= 3; page++) pages.AddRange((await m.LedgerAsync($"&per_page=2&page={page}")).Select(r => (long)r!["transaction_id"]!));
        Assert.Equal(expected, pages);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/partner/conversions?from_date=2026-01-01&to_date=2027-12-31&per_page=4&page=2");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", m.ServerKey);
        var meta = JsonNode.Parse(await (await app.Client.SendAsync(request)).Content.ReadAsStringAsync())!["meta"]!;
        Assert.Equal(6, (int)meta["total"]!);
        Assert.Equal(5, (int)meta["from"]!);
        Assert.Equal(6, (int)meta["to"]!);
    }
}
