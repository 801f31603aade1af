using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Offerwall.Faults;

/// <summary>
/// FAIRNESS: one server, two partners. The slow partner's endpoint never answers, so every attempt to it
/// runs into the timeout; the healthy partner's answers 200 at once. First a backlog of conversions for
/// the slow partner; then, while its deliveries keep timing out and more of them keep coming, conversions
/// for the healthy partner at a steady pace. For each healthy conversion the tool measures the time from
/// the advertiser's 200 to the healthy partner's first request. Checks: the median is under 2 s (a partner
/// that hangs does not hold up the others), every healthy delivery arrived exactly once, and the slow
/// partner was still tried meanwhile and never answered.
/// </summary>
public static class FairnessScenario
{
    /// <summary>The most a healthy partner's postback may wait at the median, from the advertiser's 200 to the partner's first request.</summary>
    public static readonly TimeSpan MedianLimit = TimeSpan.FromSeconds(2);

    public static async Task<Verdict> RunAsync(FaultOptions options, CancellationToken ct)
    {
        var v = new Verdict("fairness");
        var sizes = options.Sizes;
        // The stage's partner is the healthy one (its sink is up); the slow one gets a sink of its own that never answers.
        await using var stage = await Stage.CreateAsync(options, "fairness", nodes: 1, clicks: 50, ct);
        var (slow, slowSink) = await stage.AddPartnerAsync("slow", clicks: 50, ct);
        await slowSink.SetModeAsync(SinkMode.Hang);
        var healthy = stage.Market;
        var adv = stage.Advertiser;
        // The slow partner's conversions in a book of their own (same advertiser), so that the healthy partner's audit
        // compares its own conversions with its own rows.
        var slowAdv = new Advertiser(slow.AdvertiserSecret, Stage.GiveUp);
        using var http = Setup.Client(stage.Nodes[0].Url, 16);
        var n = 0;
        Conv NewConv(Advertiser a, Market m, string kind)
        {
            var i = Interlocked.Increment(ref n);
            return a.NewConv(m.TxIds[i % m.TxIds.Count], m.PurchaseGoal, $"{stage.Tag}-{kind}{i.ToString(CultureInfo.InvariantCulture)}");
        }
        v.Figure($"worker: batches of {options.BatchSize}, {options.Concurrency} sends at a time, timeout {Stage.Seconds(options.Timeout)}, " +
              $"lease {Stage.Seconds(options.Lease)}, Postbacks:PartnerConcurrency {options.PartnerConcurrency?.ToString(CultureInfo.InvariantCulture) ?? "not set"}");

        // The backlog. With the suite's settings (16 sends at a time, 2 s timeout) 160 deliveries are 10 rounds of
        // sends that each last the whole timeout: a worker without fairness spends about 20 s on them before it
        // reaches what came after, and their retries (the ladder's 1, 2, 4 … s) keep coming back ahead of new work.
        var backlogStarted = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, sizes.FairnessBacklog), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (_, token) => await slowAdv.PostAsync(http, NewConv(slowAdv, slow, "b"), Act.New, token));
        var backlogTook = Stopwatch.GetElapsedTime(backlogStarted);

        // The measurement: the healthy partner's conversions at a steady pace, the slow partner's keep coming too.
        var acked = new ConcurrentDictionary<long, DateTime>();
        var length = TimeSpan.FromSeconds(sizes.FairnessSeconds);
        var measureFrom = DateTime.UtcNow;
        var counts = await Task.WhenAll(
            PaceAsync(sizes.FairnessRate, length, async () =>
            {
                var answer = await adv.PostAsync(http, NewConv(adv, healthy, "h"), Act.New, ct);
                if (answer is { Ok: true, TransactionId: { } id }) acked[id] = DateTime.UtcNow;
            }, ct),
            PaceAsync(sizes.FairnessSlowRate, length, () => slowAdv.PostAsync(http, NewConv(slowAdv, slow, "s"), Act.New, ct), ct));
        var measureTo = DateTime.UtcNow;

        // Only the healthy partner must drain; the slow one stays hung until the end, so that it competes all along.
        var drained = await stage.WaitDrainedAsync(TimeSpan.FromSeconds(180), ct);
        var db = await DbSnapshot.ReadAsync(stage.ConnectionString, healthy.PartnerId, ct);
        var slowDb = await DbSnapshot.ReadAsync(stage.ConnectionString, slow.PartnerId, ct);

        var f = Audit.Ledger(v, adv, db, stage.Sink);
        v.Check("the healthy partner's deliveries drained", drained is not null,
            drained is { } took ? $"{Stage.Seconds(took)} after its last conversion" : "pending deliveries left after 180 s");

        // From the advertiser's 200 to the healthy partner's first request, matched by transaction_id.
        var firstArrival = stage.Sink.Arrivals.Where(a => !a.Reverse).GroupBy(a => a.TransactionId).ToDictionary(g => g.Key, g => g.Min(a => a.At));
        var waits = new List<double>();
        var neverArrived = new List<string>();
        foreach (var (id, at) in acked)
        {
            if (firstArrival.TryGetValue(id, out var first)) waits.Add((first - at).TotalSeconds);
            else neverArrived.Add($"transaction {id} never reached the partner");
        }
        var arrivals = stage.Sink.Arrivals.ToLookup(a => a.DeliveryId);
        var notOnce = db.Deliveries.Where(d => arrivals[d.Id].Count() != 1)
            .Select(d => $"delivery {d.Id} (transaction {d.ConversionId}) arrived {arrivals[d.Id].Count()} times").ToList();
        v.Check("every healthy delivery arrived, none twice", neverArrived.Count == 0 && notOnce.Count == 0 && db.Deliveries.Count == acked.Count,
            $"{acked.Count} conversions acknowledged, {db.Deliveries.Count} deliveries, {waits.Count} arrived" + Verdict.Examples(neverArrived.Concat(notOnce)));

        var (median, p90, max) = (Verdict.Percentile(waits, 0.5), Verdict.Percentile(waits, 0.9), waits.Count == 0 ? 0 : waits.Max());
        v.Check($"the healthy partner's median first attempt under {MedianLimit.TotalSeconds:0} s while the slow partner's time out",
            waits.Count > 0 && median < MedianLimit.TotalSeconds,
            $"median {median:F2} s, p90 {p90:F2} s, max {max:F2} s over {waits.Count} deliveries");

        // The slow partner must really have hung (no attempt succeeded), and must not have been starved in turn:
        // during the measurement, at least as many attempts as one sender running into the timeout back to back.
        var slowAttempts = slowDb.Deliveries.SelectMany(d => slowDb.Attempts[d.Id]).ToList();
        var slowSucceeded = slowAttempts.Count(a => a.Success);
        var slowDuring = slowAttempts.Count(a => a.At >= measureFrom && a.At <= measureTo);
        var oneSender = (int)((measureTo - measureFrom) / options.Timeout);
        v.Check("the slow partner never answered, and was still tried during the measurement", slowSucceeded == 0 && slowDuring >= oneSender,
            $"{slowAttempts.Count} attempts, {slowSucceeded} succeeded; {slowDuring} during the measurement (one sender's worth: {oneSender})");

        v.Figure($"slow partner (never answers; its sink holds each request until the sender's {Stage.Seconds(options.Timeout)} timeout): " +
                 $"a backlog of {sizes.FairnessBacklog} conversions acknowledged in {Stage.Seconds(backlogTook)}, then {counts[1]} more during the " +
                 $"measurement ({sizes.FairnessSlowRate}/s); {slowAttempts.Count} attempts recorded ({slowDuring} during the measurement), " +
                 $"{slowAttempts.Count(a => a.StatusCode is null)} without an answer; {slowSink.Arrivals.Count} requests held by its sink; " +
                 $"at the end {slowDb.Deliveries.Count(d => d.Status == DbSnapshot.DeliveryPending)} of its {slowDb.Deliveries.Count} deliveries pending, " +
                 $"{slowDb.Deliveries.Count(d => d.Status == DbSnapshot.DeliveryDead)} dead");
        v.Figure($"healthy partner: {counts[0]} conversions over {Stage.Seconds(measureTo - measureFrom)} ({sizes.FairnessRate}/s), {acked.Count} acknowledged; " +
                 $"from the advertiser's 200 to the partner's first request: median {median:F2} s, p90 {p90:F2} s, max {max:F2} s; " +
                 $"deliveries {f.Deliveries} ({f.Delivered} delivered), {f.Arrivals} requests received, {f.Duplicates} duplicates; " +
                 $"drained {(drained is { } d ? Stage.Seconds(d) : "never")} after its last conversion");
        stage.CheckLogs(v);
        if (!v.Passed) stage.ShowLogs();
        return v;
    }

    /// <summary>
    /// Starts <paramref name="send"/> <paramref name="rate"/> times a second for <paramref name="length"/>, not waiting for one
    /// to end before the next; then waits for them all. Returns how many.
    /// </summary>
    private static async Task<int> PaceAsync(int rate, TimeSpan length, Func<Task> send, CancellationToken ct)
    {
        var tasks = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < length)
        {
            tasks.Add(Task.Run(send, ct));
            var due = TimeSpan.FromSeconds(tasks.Count / (double)rate) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero) await Task.Delay(due, ct);
        }
        await Task.WhenAll(tasks);
        return tasks.Count;
    }
}
