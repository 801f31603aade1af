using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace Offerwall.Faults;

/// <summary>
/// CAPS: an offer with caps.total_conversions 10 (over_cap cancel) on two server nodes sharing one
/// PostgreSQL database. 50 users each have a click; their 50 approved postbacks (status=approved, flat
/// goal, no hold) are released at once, half to each node. The cap is taken by a conditional UPDATE in
/// each conversion's transaction, so exactly 10 may be paid, whichever node records them. Checked right
/// after the burst: 10 answered approved and 40 cancelled; in PostgreSQL 10 approved and 40 cancelled
/// conversions, each cancelled one's history row with reason over_cap, 10 ledger rows, the partner
/// credited 10 times, and the offer's total cap counter at 10 with the approved ones' advertiser payouts
/// as its spend; the client API then refuses a new start (403) and leaves the offer out of a new user's
/// list. The same 50 postbacks again change nothing. Then the cap gives back: 2 approved conversions are
/// reversed (one per node), the counter drops to 8, 4 new users start the offer and their 4 approved
/// postbacks at once get exactly 2 paid and 2 cancelled, the counter back at 10. Last, the audit every
/// scenario runs (ledger once, deliveries delivered and credited once), over-cap conversions counted as
/// never paid.
/// </summary>
public static class CapsScenario
{
    private const int Cap = 10;
    private const int Burst = 50;
    private const int Reversals = 2;
    private const int Refill = 4;

    public static async Task<Verdict> RunAsync(FaultOptions options, CancellationToken ct)
    {
        var v = new Verdict("caps");
        await using var stage = await Stage.CreateAsync(options, "caps", nodes: 2, clicks: Burst, ct, caps: new { total_conversions = Cap });
        var nodes = stage.Nodes;
        var adv = stage.Advertiser;
        var market = stage.Market;
        using var httpA = Setup.Client(nodes[0].Url, Burst);
        using var httpB = Setup.Client(nodes[1].Url, Burst);
        HttpClient[] clients = [httpA, httpB];
        var offerDbId = await DbSnapshot.ScalarAsync(stage.ConnectionString, "SELECT id FROM offers WHERE public_id = @o",
            p => p.AddWithValue("o", market.OfferId), ct);

        // Both nodes warm before the burst, so that it is a race between them and not between a warm node and a cold one
        // (a node's first over-cap conversion, through EF's SaveChanges, took seconds on a busy machine): both paths of a
        // capped offer run on each node, and every connection of the burst open.
        var warm = await WarmUpAsync(stage, clients, offerDbId, ct);
        v.Check("warm-up: on each node in turn, a conversion paid within a cap and one cancelled over it", warm == clients.Length * 2,
            $"{warm}/{clients.Length * 2} answered as expected");

        // The burst: every postback waits at one gate, then all go at once, the even ones to node a, the odd ones to node b.
        var burst = market.TxIds.Select(tx => adv.Plan(new Conv(tx, market.InstallGoal, null, held: false) { ReportApproved = true, MayBeOverCap = true })).ToList();
        var (answers, burstTime) = await AllAtOnceAsync(adv, clients, burst, ct);
        var approvedBy = new int[2];
        for (var i = 0; i < answers.Length; i++)
            if (answers[i].ConversionStatus == "approved") approvedBy[i % 2]++;
        var answeredApproved = answers.Count(a => a.Ok && a.ConversionStatus == "approved");
        var answeredCancelled = answers.Count(a => a.Ok && a.ConversionStatus == "cancelled");
        v.Check($"{Burst} approved postbacks at once on two nodes, cap {Cap}: {Cap} answered approved, {Burst - Cap} cancelled",
            answeredApproved == Cap && answeredCancelled == Burst - Cap && answers.All(a => a.Ok && !a.Duplicate),
            $"{answeredApproved} approved ({approvedBy[0]} by node a, {approvedBy[1]} by node b), {answeredCancelled} cancelled, " +
            $"{answers.Count(a => !a.Ok)} not acknowledged, {answers.Count(a => a.Duplicate)} duplicate, in {Stage.Seconds(burstTime)}");

        var drained = await stage.WaitDrainedAsync(TimeSpan.FromSeconds(60), ct);
        var after = await CapStateAsync(stage.ConnectionString, market.PartnerId, offerDbId, market.OfferId, ct);
        v.Check($"in PostgreSQL: {Cap} approved conversions, {Burst - Cap} cancelled, nothing else",
            after.Approved == Cap && after.Cancelled == Burst - Cap && after.Total == Burst,
            $"{after.Approved} approved, {after.Cancelled} cancelled, {after.Total} in all");
        v.Check("every cancelled one recorded as reported over the cap (history: new → cancelled, reason over_cap), every approved one as reported",
            after.CancelledOverCap == after.Cancelled && after.ApprovedReported == after.Approved && after.OtherChanges == 0,
            $"{after.CancelledOverCap}/{after.Cancelled} cancelled with reason over_cap, {after.ApprovedReported}/{after.Approved} approved with reason reported, " +
            $"{after.OtherChanges} other history rows");
        var paid = burst.Where(c => !c.OverCap && c.TransactionId is not null).Select(c => c.TransactionId!.Value).ToHashSet();
        var credited = stage.Sink.Credits.Keys.Count(k => !k.Reverse && paid.Contains(k.TransactionId));
        var creditedUnpaid = stage.Sink.Credits.Keys.Count(k => burst.Any(c => c.OverCap && c.TransactionId == k.TransactionId));
        v.Check($"paid for {Cap}: {Cap} ledger rows, the partner credited for the {Cap} approved ones and none of the others",
            after.LedgerRows == Cap && after.LedgerReversals == 0 && paid.Count == Cap && credited == Cap && creditedUnpaid == 0 && drained is not null,
            $"{after.LedgerRows} ledger rows ({after.LedgerReversals} reversals), {credited} of the approved credited, {creditedUnpaid} of the cancelled, " +
            (drained is { } d ? $"deliveries drained in {Stage.Seconds(d)}" : "deliveries not drained after 60 s"));
        v.Check($"the offer's total cap counter is {Cap}, its spend the approved conversions' advertiser payouts",
            after.CounterConversions == Cap && after.CounterSpend == after.ApprovedSpend,
            $"counter {after.CounterConversions} conversions, spend {Usd(after.CounterSpend)} for approved payouts of {Usd(after.ApprovedSpend)}; " +
            $"{after.CounterRows} counter rows");

        // The client API applies the same cap: no new start, and the offer left out of a new user's list.
        var start = await StartAsync(httpB, market, $"faults-{stage.Tag}-late", ct);
        var listed = await ListedAsync(httpA, market, $"faults-{stage.Tag}-late", ct);
        v.Check("capped offer: a new user's start refused (403, reached its cap), the offer not in a new user's list",
            start.Status == HttpStatusCode.Forbidden && start.Body.Contains("cap", StringComparison.Ordinal) && listed == false,
            $"start answered {(int)start.Status}: {Setup.Shorten(start.Body)}; listed: {listed}");

        // The advertiser sends all 50 again (a retry): every one a duplicate of what it was, the counter as it was.
        var repeats = await Task.WhenAll(burst.Select((c, i) => adv.PostAsync(clients[(i + 1) % 2], c, Act.Repeat, ct)));
        var afterRepeats = await CapStateAsync(stage.ConnectionString, market.PartnerId, offerDbId, market.OfferId, ct);
        v.Check("the same 50 postbacks again: all duplicates, statuses and counter unchanged",
            repeats.All(a => a.Ok && a.Duplicate) && afterRepeats.Approved == Cap && afterRepeats.Cancelled == Burst - Cap && afterRepeats.CounterConversions == Cap
            && afterRepeats.LedgerRows == Cap,
            $"{repeats.Count(a => a.Ok && a.Duplicate)}/{repeats.Length} duplicates; {afterRepeats.Approved} approved, {afterRepeats.Cancelled} cancelled, " +
            $"counter {afterRepeats.CounterConversions}");

        // Give-back: reversing paid conversions returns their units of the cap, on either node.
        var toReverse = burst.Where(c => !c.OverCap && c.TransactionId is not null).Take(Reversals).ToList();
        foreach (var c in toReverse) c.ClaimReversal();
        var reversed = await Task.WhenAll(toReverse.Select((c, i) => adv.PostAsync(clients[i % 2], c, Act.Reverse, ct)));
        var afterReversals = await CapStateAsync(stage.ConnectionString, market.PartnerId, offerDbId, market.OfferId, ct);
        v.Check($"{Reversals} reversals give their units back: counter {Cap - Reversals}",
            reversed.All(a => a.Ok && a.ConversionStatus == "reversed") && afterReversals.CounterConversions == Cap - Reversals
            && afterReversals.CounterSpend == afterReversals.ApprovedSpend,
            $"{reversed.Count(a => a.Ok && a.ConversionStatus == "reversed")}/{Reversals} reversed, counter {afterReversals.CounterConversions} conversions, " +
            $"spend {Usd(afterReversals.CounterSpend)} for approved payouts of {Usd(afterReversals.ApprovedSpend)}");

        // Room again: new users may start, and of their approved postbacks at once exactly the room is paid.
        var refillClicks = new List<string>();
        var refused = new List<string>();
        for (var i = 0; i < Refill; i++)
        {
            var started = await StartAsync(clients[i % 2], market, $"faults-{stage.Tag}-refill-{i}", ct);
            if (started.TxId is { } tx) refillClicks.Add(tx);
            else refused.Add($"{(int)started.Status}: {Setup.Shorten(started.Body)}");
        }
        v.Check($"with room again ({Reversals} given back), new users may start the offer", refused.Count == 0,
            $"{refillClicks.Count}/{Refill} started" + Verdict.Examples(refused));
        var refill = refillClicks.Select(tx => adv.Plan(new Conv(tx, market.InstallGoal, null, held: false) { ReportApproved = true, MayBeOverCap = true })).ToList();
        var (refillAnswers, _) = await AllAtOnceAsync(adv, clients, refill, ct);
        var refillDrained = await stage.WaitDrainedAsync(TimeSpan.FromSeconds(60), ct);
        var final = await CapStateAsync(stage.ConnectionString, market.PartnerId, offerDbId, market.OfferId, ct);
        var refillApproved = refillAnswers.Count(a => a.Ok && a.ConversionStatus == "approved");
        v.Check($"{refill.Count} approved postbacks at once with {Reversals} units left: {Reversals} paid, the rest cancelled over the cap; counter {Cap} again",
            refillApproved == Math.Min(Reversals, refill.Count) && refillAnswers.Count(a => a.Ok && a.ConversionStatus == "cancelled") == refill.Count - refillApproved
            && final.CounterConversions == Cap && final.CounterSpend == final.ApprovedSpend && final.Approved == Cap && final.CancelledOverCap == final.Cancelled,
            $"{refillApproved} approved, {refillAnswers.Count(a => a.Ok && a.ConversionStatus == "cancelled")} cancelled; in PostgreSQL {final.Approved} approved, " +
            $"{final.Reversed} reversed, {final.Cancelled} cancelled ({final.CancelledOverCap} over_cap); counter {final.CounterConversions}, " +
            $"spend {Usd(final.CounterSpend)} for approved payouts of {Usd(final.ApprovedSpend)}");

        var db = await DbSnapshot.ReadAsync(stage.ConnectionString, market.PartnerId, ct);
        var f = Audit.Ledger(v, adv, db, stage.Sink);
        v.Check("deliveries drained", refillDrained is not null, refillDrained is { } took ? Stage.Seconds(took) : "pending deliveries left after 60 s");

        v.Figure($"burst: {Burst} approved postbacks on an offer capped at {Cap} total conversions, released at once to two nodes " +
                 $"({Burst / 2} each) in {Stage.Seconds(burstTime)}: {answeredApproved} paid ({approvedBy[0]} by node a, {approvedBy[1]} by node b), " +
                 $"{answeredCancelled} cancelled over the cap; cap counter {after.CounterConversions}");
        v.Figure($"give-back: {Reversals} reversed → counter {afterReversals.CounterConversions}; " +
                 $"{refill.Count} more at once → {refillApproved} paid, counter {final.CounterConversions}; " +
                 $"ledger {f.Approvals} approvals and {f.Reversals} reversals, {f.Credits} credits at the partner");
        stage.CheckLogs(v);
        if (!v.Passed) stage.ShowLogs();
        return v;
    }

    /// <summary>
    /// Both paths of a capped offer on each node, in turn, on a second offer of the same advertiser and partner capped at one
    /// conversion per node (the advertiser books them like the others): one paid, then one cancelled over the cap. Then
    /// <see cref="Burst"/> / 2 offer lists at once to each node, twice, to open the burst's connections (HTTP, and each
    /// node's to the database). Returns how many of the warm-up conversions were answered as expected.
    /// </summary>
    private static async Task<int> WarmUpAsync(Stage stage, HttpClient[] clients, long offerDbId, CancellationToken ct)
    {
        var market = stage.Market;
        var advertiserId = await DbSnapshot.ScalarAsync(stage.ConnectionString, "SELECT advertiser_id FROM offers WHERE id = @o", p => p.AddWithValue("o", offerDbId), ct);
        var warmOffer = market.OfferId + "w";
        await Setup.AdminPostAsync(clients[0], stage.Options.AdminToken, "/admin/offers/import", new object[]
        {
            new
            {
                id = warmOffer, advertiser_id = advertiserId, name = "Faults: warm-up", tracking_url = "https://t.example/{tx_id}",
                caps = new { total_conversions = clients.Length },
                goals = new object[] { new { id = "0", name = "Install", payout = 1m, reward = 0.5m } },
            },
        }, ct);
        var warmMarket = market with { OfferId = warmOffer };
        // Every click first: once the cap is reached, the offer cannot be started.
        var txIds = new List<string>();
        for (var i = 0; i < clients.Length * 2; i++)
        {
            var started = await StartAsync(clients[i % clients.Length], warmMarket, $"faults-{stage.Tag}-warm-{i}", ct);
            txIds.Add(started.TxId ?? throw new SetupException($"warm-up start answered {(int)started.Status}: {Setup.Shorten(started.Body)}"));
        }
        var expected = 0;
        for (var i = 0; i < txIds.Count; i++)
        {
            var conv = stage.Advertiser.Plan(new Conv(txIds[i], warmMarket.InstallGoal, null, held: false) { ReportApproved = true, MayBeOverCap = true });
            var answer = await stage.Advertiser.PostAsync(clients[i % clients.Length], conv, Act.New, ct);
            if (answer.ConversionStatus == (i < clients.Length ? "approved" : "cancelled")) expected++;
        }
        for (var round = 0; round < 2; round++)
            await Task.WhenAll(clients.SelectMany(http => Enumerable.Range(0, Burst / 2).Select(i => ListedAsync(http, market, $"faults-{stage.Tag}-warm-{i}", ct))));
        return expected;
    }

    /// <summary>Sends every conversion's new postback at the same instant (they wait at one gate), alternating between the nodes.</summary>
    private static async Task<(Answer[] Answers, TimeSpan Took)> AllAtOnceAsync(Advertiser adv, HttpClient[] clients, List<Conv> convs, CancellationToken ct)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = convs.Select((c, i) => Task.Run(async () =>
        {
            await gate.Task;
            return await adv.PostAsync(clients[i % 2], c, Act.New, ct);
        }, ct)).ToArray();
        var started = Stopwatch.GetTimestamp();
        gate.SetResult();
        var answers = await Task.WhenAll(sends);
        return (answers, Stopwatch.GetElapsedTime(started));
    }

    private sealed record StartAnswer(HttpStatusCode Status, string Body, string? TxId);

    private static async Task<StartAnswer> StartAsync(HttpClient http, Market market, string user, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/client/offers/{market.OfferId}/start");
        request.Headers.Add("X-Api-Token", market.AppToken);
        request.Headers.Add("X-User-Id", user);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK) return new StartAnswer(response.StatusCode, body, null);
        using var json = JsonDocument.Parse(body);
        return new StartAnswer(response.StatusCode, body, json.RootElement.GetProperty("data").GetProperty("tx_id").GetString());
    }

    /// <summary>Whether the offer is in a user's list (null: the list was not answered).</summary>
    private static async Task<bool?> ListedAsync(HttpClient http, Market market, string user, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/client/offers");
        request.Headers.Add("X-Api-Token", market.AppToken);
        request.Headers.Add("X-User-Id", user);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.OK) return null;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var data = json.RootElement.GetProperty("data");
        return new[] { "offers", "started_offers" }.Any(list => data.GetProperty(list).EnumerateArray().Any(o => o.GetProperty("id").GetString() == market.OfferId));
    }

    private sealed record CapState(long Total, long Approved, long Cancelled, long Reversed, long CancelledOverCap, long ApprovedReported, long OtherChanges,
        long LedgerRows, long LedgerReversals, long ApprovedSpend, long CounterRows, long CounterConversions, long CounterSpend);

    /// <summary>The offer's conversions, their history, the partner's ledger and the offer's total cap counter (spend in micro-USD), in one snapshot.</summary>
    private static async Task<CapState> CapStateAsync(string connectionString, long partnerId, long offerId, string offerPublicId, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT
              (SELECT count(*) FROM conversions WHERE offer_id = @o),
              (SELECT count(*) FROM conversions WHERE offer_id = @o AND status = {DbSnapshot.Approved}),
              (SELECT count(*) FROM conversions WHERE offer_id = @o AND status = {DbSnapshot.Cancelled}),
              (SELECT count(*) FROM conversions WHERE offer_id = @o AND status = {DbSnapshot.Reversed}),
              (SELECT count(*) FROM conversions c WHERE c.offer_id = @o AND c.status = {DbSnapshot.Cancelled} AND EXISTS
                 (SELECT 1 FROM conversion_changes h WHERE h.conversion_id = c.id AND h.from_status IS NULL AND h.to_status = {DbSnapshot.Cancelled}
                  AND h.reason = 'over_cap' AND h.actor = 'advertiser')),
              (SELECT count(*) FROM conversions c WHERE c.offer_id = @o AND c.status IN ({DbSnapshot.Approved}, {DbSnapshot.Reversed}) AND EXISTS
                 (SELECT 1 FROM conversion_changes h WHERE h.conversion_id = c.id AND h.from_status IS NULL AND h.to_status = {DbSnapshot.Approved}
                  AND h.reason = 'reported')),
              (SELECT count(*) FROM conversion_changes h JOIN conversions c ON c.id = h.conversion_id WHERE c.offer_id = @o
                 AND NOT (h.from_status IS NULL AND (h.reason = 'over_cap' AND h.to_status = {DbSnapshot.Cancelled}
                                                     OR h.reason = 'reported' AND h.to_status = {DbSnapshot.Approved}))
                 AND NOT (h.from_status = {DbSnapshot.Approved} AND h.to_status = {DbSnapshot.Reversed})),
              (SELECT count(*) FROM ledger WHERE partner_id = @p AND offer_public_id = @public AND NOT reverse),
              (SELECT count(*) FROM ledger WHERE partner_id = @p AND offer_public_id = @public AND reverse),
              (SELECT coalesce(sum(advertiser_payout), 0) FROM conversions WHERE offer_id = @o AND status = {DbSnapshot.Approved}),
              (SELECT count(*) FROM cap_counters WHERE offer_id = @o),
              (SELECT coalesce(max(conversions), -1) FROM cap_counters WHERE offer_id = @o AND goal_id = 0 AND day = 'total'),
              (SELECT coalesce(max(spend), -1) FROM cap_counters WHERE offer_id = @o AND goal_id = 0 AND day = 'total')
            """, db);
        command.Parameters.AddWithValue("o", offerId);
        command.Parameters.AddWithValue("p", partnerId);
        command.Parameters.AddWithValue("public", offerPublicId);
        await using var r = await command.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        long At(int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);
        return new CapState(At(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7), At(8), At(9), At(10), At(11), At(12));
    }

    private static string Usd(long micros) => (micros / 1_000_000m).ToString("0.00####", CultureInfo.InvariantCulture) + " USD";
}
