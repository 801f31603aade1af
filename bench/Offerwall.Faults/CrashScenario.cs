using System.Diagnostics;
using System.Globalization;

namespace Offerwall.Faults;

/// <summary>
/// CRASH: one server on PostgreSQL takes N concurrent signed advertiser postbacks — new conversions
/// (dynamic purchases and flat installs, no hold), repeats of events already reported, reversals of
/// earlier ones and repeats of reversals — and is killed with SIGKILL at random moments and started
/// again. The advertiser resends every postback that got no 2xx. Afterwards: every acknowledged
/// postback is in the ledger exactly once, every ledger row has its delivery, every delivery was
/// delivered and credited once by the sink; duplicate deliveries are counted and must each be
/// explained by a kill (sent, then the sender died before recording it) or by a recorded failed attempt.
/// SIGTERM (<c>graceful</c>): the same load, the server stopped as a service manager stops it and started again. Nothing may be
/// lost, and no delivery may go out twice because of a stop: the stopping server finishes its sends and hands back what it claimed.
/// </summary>
public static class CrashScenario
{
    public static async Task<Verdict> RunAsync(FaultOptions options, CancellationToken ct, bool graceful = false)
    {
        var v = new Verdict(graceful ? "sigterm" : "crash");
        var stops = 0;
        var sizes = options.Sizes;
        var total = sizes.CrashPostbacks;
        await using var stage = await Stage.CreateAsync(options, graceful ? "sigterm" : "crash", nodes: 1, clicks: sizes.CrashClicks, ct);
        var node = stage.Nodes[0];
        var market = stage.Market;
        var adv = stage.Advertiser;
        using var http = Setup.Client(node.Url, sizes.Concurrency);

        var rng = new Random(options.Seed);
        // Kill points: fractions of the postbacks acknowledged, spread over the run, plus a random few milliseconds.
        var killAt = Enumerable.Range(0, sizes.CrashKills).Select(_ => 0.08 + 0.84 * rng.NextDouble()).Order().ToArray();
        var next = -1;
        var done = 0;
        var installs = -1;
        var loadOver = false;
        var kills = new List<(double At, TimeSpan Down)>();
        // Where each kill fell among the requests the partner received: sends numbered up to it came before it.
        var killSeqs = new List<long>();

        var started = Stopwatch.GetTimestamp();
        var killer = Task.Run(async () =>
        {
            var killRng = new Random(options.Seed + 1);
            foreach (var fraction in killAt)
            {
                while (Volatile.Read(ref done) < fraction * total && !Volatile.Read(ref loadOver)) await Task.Delay(2, ct);
                if (Volatile.Read(ref loadOver)) break;
                await Task.Delay(killRng.Next(0, 60), ct);
                var at = (double)Volatile.Read(ref done) / total;
                if (graceful)
                {
                    await node.StopAsync();
                    stops++;
                }
                else node.Kill();
                lock (killSeqs) killSeqs.Add(stage.Sink.LastSeq);
                var down = Stopwatch.StartNew();
                await node.StartAsync(ct);
                kills.Add((at, down.Elapsed));
            }
        }, ct);

        async Task OneAsync(Random r, int i)
        {
            var roll = r.NextDouble();
            if (adv.AckedCount >= 10 && roll >= 0.62)
            {
                if (roll < 0.80)
                {
                    await adv.PostAsync(http, adv.RandomAcked(r)!, Act.Repeat, ct);
                    return;
                }
                for (var pick = 0; pick < 5; pick++)
                {
                    var conv = adv.RandomAcked(r)!;
                    // A first reversal, or now and then the same reversal again.
                    if (conv.ClaimReversal() || (conv.ReversalAcked && r.NextDouble() < 0.3))
                    {
                        await adv.PostAsync(http, conv, Act.Reverse, ct);
                        return;
                    }
                }
            }
            var install = r.NextDouble() < 0.2 ? Interlocked.Increment(ref installs) : int.MaxValue;
            var fresh = install < market.TxIds.Count
                ? adv.NewConv(market.TxIds[install], market.InstallGoal, null)
                : adv.NewConv(market.TxIds[r.Next(market.TxIds.Count)], market.PurchaseGoal, $"{stage.Tag}-e{i.ToString(CultureInfo.InvariantCulture)}");
            await adv.PostAsync(http, fresh, Act.New, ct);
        }

        var workers = Enumerable.Range(0, sizes.Concurrency).Select(w => Task.Run(async () =>
        {
            var r = new Random(options.Seed * 31 + w);
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                await OneAsync(r, i);
                Interlocked.Increment(ref done);
            }
        }, ct)).ToList();
        await Task.WhenAll(workers);
        Volatile.Write(ref loadOver, true);
        await killer;
        var loadTime = Stopwatch.GetElapsedTime(started);

        var drained = await stage.WaitDrainedAsync(TimeSpan.FromSeconds(120), ct);
        var db = await DbSnapshot.ReadAsync(stage.ConnectionString, market.PartnerId, ct);

        v.Figure($"postbacks sent {adv.LogicalTotal} ({adv.Logical(Act.New)} new, {adv.Logical(Act.Repeat)} repeats, {adv.Logical(Act.Reverse)} reversals) " +
                 $"in {adv.Requests} requests over {Stage.Seconds(loadTime)}: {adv.Requests - adv.LogicalTotal} resent after no 2xx " +
                 $"({adv.NoAnswer} without an answer, {adv.ServerErrors} 5xx)");
        var how = graceful ? $"stops {stops} (SIGTERM" : $"kills {node.Kills} (kill -9";
        v.Figure($"{how} at " + string.Join(", ", kills.Select(k => $"{k.At:P0}")) + " of the postbacks; back up in " +
                 string.Join(", ", kills.Select(k => Stage.Seconds(k.Down))) + ")");
        var f = Audit.Ledger(v, adv, db, stage.Sink);
        if (graceful) v.Check("the server was stopped with SIGTERM as planned, never killed", stops == sizes.CrashKills && node.Kills == 0 && node.ForcedStops == 0,
            $"{stops}/{sizes.CrashKills}, {node.ForcedStops} of them ended by SIGKILL after 10 s");
        else v.Check("the server was killed as planned", node.Kills == sizes.CrashKills, $"{node.Kills}/{sizes.CrashKills}");
        v.Check("deliveries drained", drained is not null, drained is { } d ? $"in {Stage.Seconds(d)} after the last postback" : "pending deliveries left after 120 s");

        // Every duplicate delivery must have a cause: the sender was killed after sending, or an attempt was recorded as failed.
        var arrivals = stage.Sink.Arrivals.Where(a => a.Answer == 200).GroupBy(a => a.DeliveryId);
        // A sender is known from its socket; when it was killed before the sink could look (unattributed), the
        // send counts as cut off by a kill only if a kill fell between it and the next send of the delivery.
        int afterKill = 0, byTime = 0, afterFailure = 0, unexplained = 0;
        var unexplainedExamples = new List<string>();
        foreach (var group in arrivals)
        {
            var sends = group.OrderBy(a => a.Seq).ToList();
            var failedAttempt = db.Attempts[group.Key].Any(a => !a.Success);
            for (var k = 0; k < sends.Count - 1; k++)
            {
                var (earlier, later) = (sends[k], sends[k + 1]);
                if (earlier.Pid is { } pid && node.WasKilled(pid)) afterKill++;
                else if (earlier.Pid is null && killSeqs.Any(s => earlier.Seq <= s && s < later.Seq)) byTime++;
                else if (failedAttempt) afterFailure++;
                else
                {
                    unexplained++;
                    unexplainedExamples.Add($"delivery {group.Key} sent {sends.Count} times by {string.Join(",", sends.Select(s => s.Pid))}");
                }
            }
        }
        if (graceful)
            v.Check("no delivery sent twice because of a stop (the stopping server finished or handed back its sends)", afterKill + byTime == 0,
                $"{afterKill + byTime} duplicates fell across a stop");
        v.Check("every duplicate delivery explained by a kill or a failed attempt (none sent twice by a living sender)", unexplained == 0,
            $"{stage.Sink.Duplicates} duplicates: {afterKill + byTime} resent after the sender was killed ({byTime} of them placed by time: " +
            $"the sender died before the sink saw whose it was), {afterFailure} after a failed attempt, {unexplained} unexplained" +
            Verdict.Examples(unexplainedExamples));

        v.Figure($"acknowledged {adv.Acknowledged}/{adv.LogicalTotal} postbacks; stored: {f.Stored}/{f.Acked} conversions under the answered transaction_id, " +
                 $"ledger {f.Approvals} approvals + {f.Reversals} reversals, each once; {adv.RecoveredAfterLostAnswer} new postbacks answered " +
                 "duplicate after their first answer was lost to a kill");
        v.Figure($"deliveries {f.Deliveries} ({f.Delivered} delivered) vs unique credits {f.Credits}; {f.Arrivals} postbacks received, " +
                 $"{f.Duplicates} duplicate deliveries (at-least-once: {afterKill + byTime} resent after their sender was killed, {afterFailure} after an answer " +
                 $"later than the timeout, {unexplained} unexplained), {stage.Sink.BadSignatures} invalid signatures");
        stage.CheckLogs(v);
        if (!v.Passed) stage.ShowLogs();
        return v;
    }
}
