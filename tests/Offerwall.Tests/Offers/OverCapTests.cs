using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>
/// What a conversion over a cap becomes (cancel: cancelled, nobody paid; hold: pending until the operator decides, never approved by
/// the approval job), and what gives a cap's unit back: a reversal, a cancellation of a pending conversion. A goal's cap stops that
/// goal only.
/// </summary>
public abstract class OverCapTests(AppFixture app)
{
    private static readonly (string, string)[] Reverse = [("reverse", "1")];

    /// <summary>The partner's Data API rows as "id" (paid) or "idr" (reversed), in the order of the ids.</summary>
    private static async Task<string> PaidIdsAsync(Desk desk) => string.Join(",", (await desk.LedgerAsync())
        .Select(r => (Id: (long)r!["transaction_id"]!, Reverse: (int?)r["reverse"] == 1)).OrderBy(r => r.Id).ThenBy(r => r.Reverse).Select(r => $"{r.Id}{(r.Reverse ? "r" : "")}"));

    private static string Ids(params long[] ids) => string.Join(",", ids.Order());

    [Fact]
    public async Task OverTheCapTheCancelRuleRecordsACancelledConversionThatPaysNobody()
    {
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(new() { ["caps"] = new { total_conversions = 1 }, ["over_cap"] = "cancel" });
        // Both users start while the offer runs; then the first converts, and the second over the cap.
        var (firstTx, _) = await desk.StartedAsync(offer, "first");
        var (tx, _) = await desk.StartedAsync(offer, "second");
        var first = await desk.ConvertAsync(firstTx, Desk.Goal(offer));
        Assert.Equal("approved", first.Status);
        var (status, body) = await desk.PostbackAsync(tx, Desk.Goal(offer));
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal("cancelled", (string?)body["conversion_status"]);   // the advertiser is told
        Assert.False((bool)body["duplicate"]!);
        var id = (long)body["transaction_id"]!;
        var state = await desk.StateAsync(id);
        Assert.Equal((ConversionStatus.Cancelled, false), (state.Status, state.Paid));
        Assert.Equal(["over_cap"], state.Reasons);
        Assert.Equal($"{first.Id}", await PaidIdsAsync(desk));

        // The advertiser's retry, or a later "approved", changes nothing.
        var again = await desk.PostbackAsync(tx, Desk.Goal(offer), [("status", "approved")]);
        Assert.Equal(("cancelled", true, id), ((string?)again.Body["conversion_status"], (bool)again.Body["duplicate"]!, (long)again.Body["transaction_id"]!));
        Assert.Equal($"{first.Id}", await PaidIdsAsync(desk));
    }

    [Fact]
    public async Task OverTheCapTheHoldRuleKeepsItPendingUntilTheOperatorApprovesEvenYearsLater()
    {
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(new() { ["caps"] = new { total_conversions = 1 }, ["over_cap"] = "hold" });
        // A conversion with an ordinary 24-hour hold: the approval job's witness.
        var held24 = await desk.ImportAsync(null, new { id = "0", name = "Level", payout = 2m, reward = 1m, hold_hours = 24 });
        var (firstTx, _) = await desk.StartedAsync(offer, "first");
        var (tx, _) = await desk.StartedAsync(offer, "second");
        var first = await desk.ConvertAsync(firstTx, Desk.Goal(offer));
        Assert.Equal("approved", first.Status);
        var held = await desk.ConvertAsync(tx, Desk.Goal(offer));
        Assert.Equal("pending", held.Status);
        var state = await desk.StateAsync(held.Id);
        Assert.Equal((ConversionStatus.Pending, false), (state.Status, state.Paid));
        Assert.Equal(["over_cap"], state.Reasons);
        var witness = await desk.UserConvertsAsync(held24, "witness");
        Assert.Equal("pending", witness.Status);

        // Years pass; the approval job approves the witness, never the held one.
        app.Clock.Advance(TimeSpan.FromDays(3 * 365 + 1));
        await PostbackSink.NudgeUntilAsync(app.Clock, async () => (await desk.StateAsync(witness.Id)).Status == ConversionStatus.Approved, "the approval job");
        await Market.AdminAsync(app, "/admin/conversions/approve-due");
        Assert.Equal(ConversionStatus.Pending, (await desk.StateAsync(held.Id)).Status);
        Assert.Equal(Ids(first.Id, witness.Id), await PaidIdsAsync(desk));

        // The operator approves it: it is paid.
        await desk.OperatorAsync(held.Id, "approve");
        Assert.Equal((ConversionStatus.Approved, true), ((await desk.StateAsync(held.Id)).Status, (await desk.StateAsync(held.Id)).Paid));
        Assert.Equal(Ids(first.Id, witness.Id, held.Id), await PaidIdsAsync(desk));
    }

    [Fact]
    public async Task TheAdvertisersRetryOfAHeldConversionDoesNotApproveIt()
    {
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(new() { ["caps"] = new { total_conversions = 1 }, ["over_cap"] = "hold" });
        var (firstTx, _) = await desk.StartedAsync(offer, "first");
        var (tx, _) = await desk.StartedAsync(offer, "second");
        await desk.ConvertAsync(firstTx, Desk.Goal(offer));
        // Advertisers that say "approved" on every postback, and retry it: the first is held over the cap, and so is the retry.
        var held = await desk.ConvertAsync(tx, Desk.Goal(offer), ("status", "approved"));
        Assert.Equal("pending", held.Status);
        var (_, retry) = await desk.PostbackAsync(tx, Desk.Goal(offer), [("status", "approved")]);
        Assert.Equal(("pending", true), ((string?)retry["conversion_status"], (bool)retry["duplicate"]!));
        Assert.Equal(ConversionStatus.Pending, (await desk.StateAsync(held.Id)).Status);
        Assert.False((await desk.StateAsync(held.Id)).Paid);
        // The advertiser may still cancel it: then nobody is paid, as before.
        var (_, cancelled) = await desk.PostbackAsync(tx, Desk.Goal(offer), [("status", "cancelled")]);
        Assert.Equal("cancelled", (string?)cancelled["conversion_status"]);
    }

    [Fact]
    public async Task AReversalGivesBackItsUnitOfTheCapAndOfTheBudget()
    {
        var desk = await Desk.CreateAsync(app);
        foreach (var caps in new object[] { new { total_conversions = 1 }, new { total_budget = 1.5m }, new { daily_conversions = 1, daily_budget = 2m } })
        {
            var offer = await desk.ImportAsync(new() { ["caps"] = caps });
            var txs = new List<string>();
            for (var i = 0; i < 3; i++) txs.Add((await desk.StartedAsync(offer, $"{offer}-{i}")).TxId);
            var goal = Desk.Goal(offer);
            Assert.Equal("approved", (await desk.ConvertAsync(txs[0], goal)).Status);
            Assert.Empty(await desk.OffersAsync("new", [offer]));
            Assert.Equal("cancelled", (await desk.ConvertAsync(txs[1], goal)).Status);

            var (_, reversed) = await desk.PostbackAsync(txs[0], goal, Reverse);
            Assert.Equal("reversed", (string?)reversed["conversion_status"]);
            Assert.Equal([offer], await desk.OffersAsync("new", [offer]));
            var (fourth, _) = await desk.StartedAsync(offer, $"{offer}-3");   // the offer runs again for new users
            Assert.True((await desk.ConvertAsync(txs[2], goal)).Status == "approved", $"caps {System.Text.Json.JsonSerializer.Serialize(caps)}");
            Assert.Equal("cancelled", (await desk.ConvertAsync(fourth, goal)).Status);
        }
    }

    [Fact]
    public async Task APendingConversionCancelledGivesBackItsUnit()
    {
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(new() { ["caps"] = new { total_conversions = 1 } },
            new { id = "0", name = "Level", payout = 2m, reward = 1m, hold_hours = 24 });
        var goal = Desk.Goal(offer);
        var txs = new List<string>();
        for (var i = 0; i < 5; i++) txs.Add((await desk.StartedAsync(offer, $"user-{i}")).TxId);

        // A pending conversion holds its unit: the next is over the cap.
        var pending = await desk.ConvertAsync(txs[0], goal);
        Assert.Equal("pending", pending.Status);
        Assert.Equal("cancelled", (await desk.ConvertAsync(txs[1], goal)).Status);
        // Cancelled by the advertiser: the unit is back.
        Assert.Equal("cancelled", (string?)(await desk.PostbackAsync(txs[0], goal, [("status", "cancelled")])).Body["conversion_status"]);
        var second = await desk.ConvertAsync(txs[2], goal);
        Assert.Equal("pending", second.Status);
        // Cancelled by the operator: back again.
        await desk.OperatorAsync(second.Id, "cancel");
        var third = await desk.ConvertAsync(txs[3], goal);
        Assert.Equal("pending", third.Status);
        // Reversed by the advertiser before approval (a cancellation): back again.
        Assert.Equal("cancelled", (string?)(await desk.PostbackAsync(txs[3], goal, Reverse)).Body["conversion_status"]);
        Assert.Equal("pending", (await desk.ConvertAsync(txs[4], goal)).Status);
        Assert.Equal("", await PaidIdsAsync(desk));
    }

    [Fact]
    public async Task AGoalsCapStopsThatGoalOnlyAndItsReversalGivesItBack()
    {
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(null,
            new { id = "0", name = "Install", payout = 1.5m, reward = 0.5m, caps = new { total_conversions = 1 } },
            new { id = "1", name = "Purchase", payout = 3m, reward = 1m });
        var (firstTx, _) = await desk.StartedAsync(offer, "first");
        var (secondTx, _) = await desk.StartedAsync(offer, "second");
        Assert.Equal("approved", (await desk.ConvertAsync(firstTx, Desk.Goal(offer, "0"))).Status);
        var over = await desk.ConvertAsync(secondTx, Desk.Goal(offer, "0"));
        Assert.Equal("cancelled", over.Status);
        Assert.Equal(["over_cap"], (await desk.StateAsync(over.Id)).Reasons);
        // The other goal converts, and the offer still runs for new users.
        Assert.Equal("approved", (await desk.ConvertAsync(secondTx, Desk.Goal(offer, "1"))).Status);
        Assert.Equal([offer], await desk.OffersAsync("new", [offer]));
        var (thirdTx, _) = await desk.StartedAsync(offer, "third");
        Assert.Equal("cancelled", (await desk.ConvertAsync(thirdTx, Desk.Goal(offer, "0"))).Status);

        Assert.Equal("reversed", (string?)(await desk.PostbackAsync(firstTx, Desk.Goal(offer, "0"), Reverse)).Body["conversion_status"]);
        var (fourthTx, _) = await desk.StartedAsync(offer, "fourth");
        Assert.Equal("approved", (await desk.ConvertAsync(fourthTx, Desk.Goal(offer, "0"))).Status);
        var counters = await app.WithDb(db => db.CapCounters.AsNoTracking()
            .Where(c => db.Offers.Any(o => o.Id == c.OfferId && o.PublicId == offer)).Select(c => new { c.GoalId, c.Day, c.Conversions }).ToListAsync());
        Assert.Equal(1, Assert.Single(counters).Conversions);   // the goal's total; the offer has no caps of its own
    }
}
