using System.Diagnostics;
using System.Globalization;

namespace Offerwall.Faults;

/// <summary>
/// OUTAGE: the partner's server is down for a stretch — first answering 503, then closing every
/// connection, then not listening at all — while conversions and reversals keep arriving; then it comes
/// back. Afterwards: everything delivered and credited once, every retry on the configured ladder (the
/// gap after the k-th failure at least step k less the jitter, and not much later than step k plus the
/// jitter), nothing dead, and per transaction the approval delivered before its reversal.
/// </summary>
public static class OutageScenario
{
    public static async Task<Verdict> RunAsync(FaultOptions options, CancellationToken ct)
    {
        var v = new Verdict("outage");
        var sizes = options.Sizes;
        await using var stage = await Stage.CreateAsync(options, "outage", nodes: 1, clicks: 100, ct);
        var adv = stage.Advertiser;
        var market = stage.Market;
        var sink = stage.Sink;
        using var http = Setup.Client(stage.Nodes[0].Url, 16);
        var rng = new Random(options.Seed + 2);
        var inflight = new SemaphoreSlim(16);
        var tasks = new List<Task>();
        var n = 0;
        var ladder = options.Ladder;
        var ladderSum = ladder.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        // The outage must end well before the deliveries it catches first run out of ladder (they would be dead, rightly).
        var outage = TimeSpan.FromSeconds(Math.Min(sizes.OutageSeconds, ladderSum.TotalSeconds * (1 - options.Jitter) * 0.8));
        var duringOutage = (New: 0, Reverse: 0);
        var inOutage = false;

        // Paced traffic: about OutageRate postbacks a second, 30 % of them reversals of conversions acknowledged before.
        async Task DriveAsync(TimeSpan length)
        {
            var start = Stopwatch.GetTimestamp();
            for (var sent = 0; Stopwatch.GetElapsedTime(start) < length; sent++)
            {
                await inflight.WaitAsync(ct);
                Conv conv;
                Act act;
                var pick = adv.AckedCount >= 5 && rng.NextDouble() < 0.3 ? adv.RandomAcked(rng) : null;
                if (pick is not null && pick.ClaimReversal())
                {
                    (conv, act) = (pick, Act.Reverse);
                    if (inOutage) duringOutage.Reverse++;
                }
                else
                {
                    conv = adv.NewConv(market.TxIds[rng.Next(market.TxIds.Count)], market.PurchaseGoal, $"{stage.Tag}-o{(n++).ToString(CultureInfo.InvariantCulture)}");
                    act = Act.New;
                    if (inOutage) duringOutage.New++;
                }
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        await adv.PostAsync(http, conv, act, ct);
                    }
                    finally
                    {
                        inflight.Release();
                    }
                }, ct));
                var due = TimeSpan.FromSeconds((sent + 1) / (double)sizes.OutageRate) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero) await Task.Delay(due, ct);
            }
        }

        await DriveAsync(TimeSpan.FromSeconds(3));
        var outageStarted = Stopwatch.GetTimestamp();
        var outageStartedUtc = DateTime.UtcNow;
        inOutage = true;
        foreach (var mode in new[] { SinkMode.Refuse503, SinkMode.Close, SinkMode.Down })
        {
            await sink.SetModeAsync(mode);
            await DriveAsync(outage / 3);
        }
        await sink.SetModeAsync(SinkMode.Up);
        inOutage = false;
        var outageLength = Stopwatch.GetElapsedTime(outageStarted);
        var back = Stopwatch.GetTimestamp();
        await DriveAsync(TimeSpan.FromSeconds(3));
        await Task.WhenAll(tasks);

        var drained = await stage.WaitDrainedAsync(ladderSum * (1 + options.Jitter) + TimeSpan.FromSeconds(30), ct);
        var sinceBack = Stopwatch.GetElapsedTime(back);
        var db = await DbSnapshot.ReadAsync(stage.ConnectionString, market.PartnerId, ct);

        v.Figure($"sink down for {Stage.Seconds(outageLength)} ({Stage.Seconds(outage / 3)} answering 503, then closing connections, then not listening) " +
                 $"while {duringOutage.New + duringOutage.Reverse} postbacks arrived ({duringOutage.New} new, {duringOutage.Reverse} reversals); " +
                 $"{adv.LogicalTotal} postbacks in all");
        var f = Audit.Ledger(v, adv, db, sink);
        v.Check("deliveries drained", drained is not null, drained is not null ? $"{Stage.Seconds(sinceBack)} after the sink came back" : "pending deliveries left");

        // The ladder, from postback_attempts: after the k-th failure the next attempt waits ladder[k-1] ± jitter,
        // never less. It may start later: a worker claims a batch and sends it Concurrency at a time before it
        // claims again, so a retry that falls due just after a round began waits for that round (at most
        // BatchSize/Concurrency sends of up to the timeout each) and a poll, plus 2 s for a loaded machine.
        var rounds = (options.BatchSize + options.Concurrency - 1) / options.Concurrency;
        var slack = options.PollInterval + options.Timeout * rounds + TimeSpan.FromSeconds(2);
        var lateness = new List<double>();
        int failed = 0, early = 0, late = 0, overLadder = 0, successNotLast = 0;
        double closest = double.MaxValue, latest = 0;
        var steps = new int[ladder.Count + 2];
        var earlyExamples = new List<string>();
        var lateExamples = new List<string>();
        foreach (var d in db.Deliveries)
        {
            var attempts = db.Attempts[d.Id].ToList();
            steps[Math.Min(attempts.Count, steps.Length - 1)]++;
            if (attempts.Count > ladder.Count + 1) overLadder++;
            for (var k = 0; k < attempts.Count - 1; k++)
            {
                if (attempts[k].Success) successNotLast++;
                failed++;
                if (k >= ladder.Count) continue;
                var gap = attempts[k + 1].At - attempts[k].At;
                var step = ladder[k];
                closest = Math.Min(closest, gap / step);
                if (gap < step * (1 - options.Jitter) - TimeSpan.FromMilliseconds(5))
                {
                    early++;
                    earlyExamples.Add($"delivery {d.Id}: {gap.TotalSeconds:F2} s after failure {k + 1}, step {step.TotalSeconds:0.###} s");
                }
                var beyond = gap - step * (1 + options.Jitter);
                latest = Math.Max(latest, beyond.TotalSeconds);
                lateness.Add(Math.Max(0, beyond.TotalSeconds));
                if (beyond > slack)
                {
                    late++;
                    lateExamples.Add($"delivery {d.Id} step {k + 1}: {gap.TotalSeconds:F1} s (failed {attempts[k].At - outageStartedUtc:mm\\:ss\\.f} after the outage began " +
                                     $"with {attempts[k].StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no answer"} in {attempts[k].LatencyMs} ms, " +
                                     $"next took {attempts[k + 1].LatencyMs} ms: " +
                                     $"{attempts[k + 1].StatusCode?.ToString(CultureInfo.InvariantCulture) ?? attempts[k + 1].Response})");
                }
            }
        }
        v.Check("the outage made deliveries fail and retry", failed > 0, $"{failed} failed attempts");
        v.Check($"every retry waited at least its ladder step less {options.Jitter:P0}", early == 0,
            $"closest: {(failed > 0 ? closest : 0):F2}× the step" + Verdict.Examples(earlyExamples));
        v.Check($"no retry later than its step plus {options.Jitter:P0} plus {slack.TotalSeconds:0} s (a poll, a round of {rounds} sends, load)", late == 0,
            $"at most {latest:F2} s beyond; {late} later" + Verdict.Examples(lateExamples));
        v.Check("no delivery had more attempts than the ladder allows, and none went on after a success", overLadder == 0 && successNotLast == 0,
            $"{overLadder} over, {successNotLast} after a success");

        var reversalsWaited = db.Deliveries.Where(d => d.Reverse).Count(r =>
            db.Deliveries.FirstOrDefault(a => a.ConversionId == r.ConversionId && !a.Reverse)?.DeliveredAt is { } at && r.CreatedAt < at);
        var attemptsTotal = db.Deliveries.Sum(d => db.Attempts[d.Id].Count());
        v.Figure($"attempts {attemptsTotal} ({failed} failed) for {f.Deliveries} deliveries; attempts per delivery: " +
                 string.Join(", ", steps.Select((count, k) => (count, k)).Where(x => x.count > 0 && x.k > 0).Select(x => $"{x.k}×{x.count}")) +
                 $" (the ladder allows {ladder.Count + 1}); {db.Deliveries.Count(d => d.Status == DbSnapshot.DeliveryDead)} dead");
        v.Figure($"ladder {string.Join("/", ladder.Select(t => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)))} s ±{options.Jitter:P0}: " +
                 $"shortest wait {(failed > 0 ? closest : 0):F2}× its step; beyond step +{options.Jitter:P0}: median {Verdict.Percentile(lateness, 0.5):F2} s, " +
                 $"p95 {Verdict.Percentile(lateness, 0.95):F2} s, max {latest:F2} s");
        v.Figure($"{reversalsWaited} reversals were queued before their approval was delivered and waited for it; " +
                 $"deliveries {f.Deliveries} ({f.Delivered} delivered) vs unique credits {f.Credits}; {f.Arrivals} postbacks received, " +
                 $"{f.Duplicates} duplicates; drained {(drained is not null ? Stage.Seconds(sinceBack) : "never")} after the sink came back");
        stage.CheckLogs(v);
        if (!v.Passed) stage.ShowLogs();
        return v;
    }
}
