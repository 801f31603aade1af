using System.Net;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>
/// Caps are exact under concurrency: 50 approved postbacks of 50 users at once, over real sockets, to one server node or split
/// across two on the same database, approve exactly as many conversions as the cap or the budget allows; the others are recorded
/// cancelled with the reason over_cap, and only the approved ones are paid.
/// </summary>
public abstract class CapConcurrencyTests(AppFixture app, ITwoNodes nodes)
{
    private const int Users = 50;

    private async Task<List<(string Status, long Id)>> RaceAsync(Desk desk, string offer, params HttpClient[] nodes)
    {
        var txs = new string[Users];
        await Parallel.ForEachAsync(Enumerable.Range(0, Users), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => txs[i] = (await desk.StartedAsync(offer, $"racer-{i}")).TxId);
        // Every postback at once, alternating between the nodes.
        var answers = await Task.WhenAll(Enumerable.Range(0, Users).Select(i => desk.PostbackAsync(txs[i], Desk.Goal(offer), client: nodes[i % nodes.Length])));
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, a.Body.ToJsonString()));
        return [.. answers.Select(a => ((string)a.Body["conversion_status"]!, (long)a.Body["transaction_id"]!))];
    }

    private async Task AssertExactlyAsync(Desk desk, string offer, List<(string Status, long Id)> answers, int approved)
    {
        Assert.Equal(approved, answers.Count(a => a.Status == "approved"));
        Assert.Equal(Users - approved, answers.Count(a => a.Status == "cancelled"));
        Assert.Equal(Users, answers.Select(a => a.Id).Distinct().Count());
        var stored = await app.WithDb(async db =>
        {
            var offerId = await db.Offers.Where(o => o.PublicId == offer).Select(o => o.Id).SingleAsync();
            var conversions = await db.Conversions.Where(c => c.OfferId == offerId).Select(c => new { c.Id, c.Status }).ToListAsync();
            var ids = conversions.Select(c => c.Id).ToList();
            var overCap = await db.ConversionChanges.CountAsync(c => ids.Contains(c.ConversionId) && c.Reason == "over_cap" && c.ToStatus == ConversionStatus.Cancelled);
            var paid = await db.Ledger.CountAsync(l => ids.Contains(l.TransactionId));
            return (Approved: conversions.Count(c => c.Status == ConversionStatus.Approved), Cancelled: conversions.Count(c => c.Status == ConversionStatus.Cancelled),
                overCap, paid);
        });
        Assert.Equal((approved, Users - approved, Users - approved, approved), stored);
        // The partner is paid for exactly those, and the offer is now closed to new users.
        var rows = await desk.LedgerAsync();
        Assert.Equal(answers.Where(a => a.Status == "approved").Select(a => a.Id).Order(), rows.Select(r => (long)r!["transaction_id"]!).Order());
        Assert.Empty(await desk.OffersAsync("latecomer", [offer]));
        Assert.Equal("offer has reached its cap", Desk.Refusal(await desk.StartAsync(offer, "latecomer")));
    }

    [Fact]
    public async Task FiftyPostbacksAtOnceApproveExactlyTheTotalCap()
    {
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(new() { ["caps"] = new { total_conversions = 10 } });
        await AssertExactlyAsync(desk, offer, await RaceAsync(desk, offer, app.Client), approved: 10);
    }

    [Fact]
    public async Task FiftyPostbacksSplitAcrossTwoNodesApproveExactlyTheTotalCap()
    {
        var second = await nodes.SecondAsync();
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(new() { ["caps"] = new { total_conversions = 10 } });
        await AssertExactlyAsync(desk, offer, await RaceAsync(desk, offer, app.Client, second.Client), approved: 10);
    }

    [Fact]
    public async Task ABudgetIsExactAcrossTwoNodesWhenEachConversionTakesSeveralCounters()
    {
        var second = await nodes.SecondAsync();
        var desk = await Desk.CreateAsync(app);
        // 10 conversions of 1.5 USD fill the budget; the daily cap and the goal's own cap have room but are taken in the same update.
        var offer = await desk.ImportAsync(new() { ["caps"] = new { total_budget = 15m, daily_conversions = 12 } },
            new { id = "0", name = "Install", payout = 1.5m, reward = 0.5m, caps = new { total_conversions = 40, daily_budget = 1000m } });
        await AssertExactlyAsync(desk, offer, await RaceAsync(desk, offer, app.Client, second.Client), approved: 10);
        var counters = await app.WithDb(db => db.CapCounters.AsNoTracking()
            .Where(c => db.Offers.Any(o => o.Id == c.OfferId && o.PublicId == offer)).OrderBy(c => c.GoalId).ThenBy(c => c.Day).ToListAsync());
        Assert.All(counters, c => Assert.Equal(10, c.Conversions));
        Assert.All(counters, c => Assert.Equal(15m, c.Spend));
        Assert.Equal(4, counters.Count);   // offer and goal, total and today
    }
}
