using System.Collections.Concurrent;
using System.Globalization;
using NpgsqlTypes;

namespace Offerwall.Faults;

/// <summary>
/// TWO NODES: two server processes on one PostgreSQL database, both running the postback worker and
/// the approval job, under one load split between them — some postbacks sent to both at once (the same
/// new event, the same reversal, the same approval). The partner fails every fifth delivery's first
/// attempt, so retries happen and either node may take them. Afterwards: one transaction id per event,
/// each state change once, and no double delivery: every send the partner saw is one recorded attempt,
/// each delivery succeeded once, and a delivery was sent again only after a failure.
/// </summary>
public static class TwoNodeScenario
{
    public static async Task<Verdict> RunAsync(FaultOptions options, CancellationToken ct)
    {
        var v = new Verdict("two-nodes");
        var sizes = options.Sizes;
        await using var stage = await Stage.CreateAsync(options, "two-nodes", nodes: 2, clicks: 200, ct);
        var nodes = stage.Nodes;
        var adv = stage.Advertiser;
        var market = stage.Market;
        var sink = stage.Sink;
        using var httpA = Setup.Client(nodes[0].Url, sizes.Concurrency);
        using var httpB = Setup.Client(nodes[1].Url, sizes.Concurrency);
        HttpClient[] clients = [httpA, httpB];
        // A partner that fails now and then: the first arrival of every fifth delivery answers 500.
        sink.FailArrival = (id, nth) => nth == 1 && id % 5 == 0;

        var perNode = new long[2];
        var races = new long[4];
        var raceProblems = new ConcurrentQueue<string>();

        // The same postback to both nodes at once: both answer 2xx with the same transaction id, and exactly one of them did it.
        async Task RaceAsync(Conv conv, Act act)
        {
            Interlocked.Increment(ref races[(int)act]);
            var answers = await Task.WhenAll(adv.PostAsync(httpA, conv, act, ct, raced: true), adv.PostAsync(httpB, conv, act, ct, raced: true));
            var fresh = answers.Count(x => x.Ok && !x.Duplicate);
            if (!answers.All(x => x.Ok) || answers[0].TransactionId != answers[1].TransactionId || fresh != 1)
                raceProblems.Enqueue($"{act} of {conv.Key}: transaction ids {answers[0].TransactionId}/{answers[1].TransactionId}, {fresh} not duplicate");
        }

        async Task OneAsync(Random r, int i)
        {
            var node = r.Next(2);
            var roll = r.NextDouble();
            var race = r.NextDouble() < 0.15;
            if (adv.AckedCount >= 10 && roll >= 0.6)
            {
                var conv = adv.RandomAcked(r)!;
                if (roll >= 0.75 && conv.ClaimReversal())
                {
                    if (race) await RaceAsync(conv, Act.Reverse);
                    else
                    {
                        Interlocked.Increment(ref perNode[node]);
                        await adv.PostAsync(clients[node], conv, Act.Reverse, ct);
                    }
                    return;
                }
                Interlocked.Increment(ref perNode[node]);
                await adv.PostAsync(clients[node], conv, Act.Repeat, ct);
                return;
            }
            var fresh = adv.NewConv(market.TxIds[r.Next(market.TxIds.Count)], market.PurchaseGoal, $"{stage.Tag}-t{i.ToString(CultureInfo.InvariantCulture)}");
            if (race) await RaceAsync(fresh, Act.New);
            else
            {
                Interlocked.Increment(ref perNode[node]);
                await adv.PostAsync(clients[node], fresh, Act.New, ct);
            }
        }

        var next = -1;
        var loadStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, sizes.Concurrency).Select(w => Task.Run(async () =>
        {
            var r = new Random(options.Seed * 17 + w);
            int i;
            while ((i = Interlocked.Increment(ref next)) < sizes.TwoNodePostbacks) await OneAsync(r, i);
        }, ct)));

        var loadTime = System.Diagnostics.Stopwatch.GetElapsedTime(loadStarted);
        var loadPostbacks = adv.LogicalTotal;

        // A slow partner: for a few seconds it takes longer than the timeout to answer, while a burst of
        // conversions arrives on both nodes. Every attempt in that stretch times out, so a node's batch takes
        // several timeouts to send (Postbacks:Concurrency at a time): the lease must cover the whole batch,
        // or the other node takes deliveries still waiting their turn and both send them.
        sink.SlowAnswer = options.Timeout + TimeSpan.FromSeconds(1);
        await sink.SetModeAsync(SinkMode.Slow);
        var slowStarted = DateTime.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, sizes.TwoNodeSlowBurst), new ParallelOptions { MaxDegreeOfParallelism = sizes.Concurrency, CancellationToken = ct },
            async (i, token) => await adv.PostAsync(clients[i % 2],
                adv.NewConv(market.TxIds[i % market.TxIds.Count], market.PurchaseGoal, $"{stage.Tag}-s{i.ToString(CultureInfo.InvariantCulture)}"), Act.New, token));
        var slowFor = options.Lease + options.Timeout * 2 - (DateTime.UtcNow - slowStarted);
        if (slowFor > TimeSpan.Zero) await Task.Delay(slowFor, ct);
        await sink.SetModeAsync(SinkMode.Up);

        // Held conversions: pending, then approved once each — half by the advertiser on both nodes at once,
        // half by the approval job, which both nodes run (Approval__Interval=1 s).
        var held = Enumerable.Range(0, sizes.TwoNodeHeld)
            .Select(i => adv.NewConv(market.TxIds[i % market.TxIds.Count], market.HeldGoal, $"{stage.Tag}-h{i.ToString(CultureInfo.InvariantCulture)}", held: true))
            .ToList();
        await Parallel.ForEachAsync(held, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (c, token) => await adv.PostAsync(clients[c.EventId!.Length % 2], c, Act.New, token));
        var byAdvertiser = held.Take(held.Count / 2).ToList();
        var byJob = held.Skip(held.Count / 2).Where(c => c.TransactionId is not null).ToList();
        await Parallel.ForEachAsync(byAdvertiser, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (c, _) => await RaceAsync(c, Act.Approve));
        // The hold is 24 hours and cannot be shortened from outside: pretend the day went by for these rows only.
        var jobIds = byJob.Select(c => c.TransactionId!.Value).ToArray();
        await DbSnapshot.ExecuteAsync(stage.ConnectionString, "UPDATE conversions SET hold_until = now() - interval '1 second' WHERE id = ANY(@ids) AND status = 0",
            p => p.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint, jobIds), ct);
        var approvedByJob = 0L;
        for (var wait = 0; wait < 150; wait++)
        {
            approvedByJob = await DbSnapshot.ScalarAsync(stage.ConnectionString, "SELECT count(*) FROM conversions WHERE id = ANY(@ids) AND status = 1",
                p => p.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint, jobIds), ct);
            if (approvedByJob == jobIds.Length) break;
            await Task.Delay(200, ct);
        }
        foreach (var c in byJob) c.ApprovalAcked = true;

        var drained = await stage.WaitDrainedAsync(TimeSpan.FromSeconds(90), ct);
        var db = await DbSnapshot.ReadAsync(stage.ConnectionString, market.PartnerId, ct);

        v.Figure($"postbacks sent {adv.LogicalTotal} ({adv.Logical(Act.New)} new, {adv.Logical(Act.Repeat)} repeats, {adv.Logical(Act.Reverse)} reversals, " +
                 $"{adv.Logical(Act.Approve)} approvals): {perNode[0]} to node a, {perNode[1]} to node b, and {races.Sum()} to both at once " +
                 $"({races[(int)Act.New]} new events, {races[(int)Act.Reverse]} reversals, {races[(int)Act.Approve]} approvals)");
        var f = Audit.Ledger(v, adv, db, sink);
        v.Check("deliveries drained", drained is not null, drained is { } took ? Stage.Seconds(took) : "pending deliveries left after 90 s");

        var problems = raceProblems.ToList();
        v.Check("the same postback on both nodes at once: same transaction_id, exactly one of them acted", problems.Count == 0,
            $"{races.Sum() - problems.Count}/{races.Sum()} agreed" + Verdict.Examples(problems));
        var ids = adv.Book.Values.Where(c => c.TransactionId is not null).GroupBy(c => c.TransactionId!.Value).ToList();
        v.Check("unique transaction ids: one per event", ids.All(g => g.Count() == 1),
            $"{ids.Sum(g => g.Count())} events, {ids.Count} distinct transaction ids");

        var changesTwice = db.Changes.GroupBy(c => (c.ConversionId, c.To)).Where(g => g.Count() > 1).Select(g => $"{g.Key.ConversionId} → {g.Key.To} {g.Count()} times").ToList();
        var jobChanges = db.Changes.Where(c => c.To == DbSnapshot.Approved && c.From == DbSnapshot.Pending && c.Actor == "system")
            .Select(c => c.ConversionId).ToHashSet();
        var advertiserChanges = db.Changes.Where(c => c.To == DbSnapshot.Approved && c.From == DbSnapshot.Pending && c.Actor == "advertiser")
            .Select(c => c.ConversionId).ToHashSet();
        v.Check("each state change recorded once (approvals by both nodes' job and by the advertiser on both nodes)",
            changesTwice.Count == 0 && approvedByJob == jobIds.Length && jobIds.All(jobChanges.Contains)
            && byAdvertiser.All(c => c.TransactionId is { } t && advertiserChanges.Contains(t)),
            $"{approvedByJob}/{jobIds.Length} approved by the job, " +
            $"{byAdvertiser.Count(c => c.TransactionId is { } t && advertiserChanges.Contains(t))}/{byAdvertiser.Count} by the advertiser" +
            Verdict.Examples(changesTwice));

        // No double delivery. A worker records an attempt only while it holds the delivery's lease, so a second
        // process sending the same step could not record its send: the partner would see more sends than
        // attempts recorded. (A send can be recorded as failed although the partner answered 200 too late for
        // the timeout: that resend is at-least-once, not a double delivery, and is counted apart.)
        var arrivals = sink.Arrivals.ToLookup(a => a.DeliveryId);
        var doubles = new List<string>();
        int retried = 0, takenOver = 0, lateAnswers = 0;
        foreach (var d in db.Deliveries)
        {
            var seen = arrivals[d.Id].OrderBy(a => a.Seq).ToList();
            var attempts = db.Attempts[d.Id].ToList();
            if (seen.Count > attempts.Count)
                doubles.Add($"delivery {d.Id}: sent {seen.Count} times ({string.Join(", ", seen.Select(a => $"{a.Answer} by {a.Pid}"))}), {attempts.Count} attempts recorded");
            lateAnswers += seen.Zip(attempts).Count(x => x.First.Answer == 200 && !x.Second.Success);
            if (seen.Count > 1)
            {
                retried++;
                if (seen[0].Pid is { } first && seen[1].Pid is { } second && first != second) takenOver++;
            }
        }
        v.Check("no double delivery: never more sends than attempts recorded (each by the lease holder), one success, last", doubles.Count == 0,
            $"{db.Deliveries.Count} deliveries, {doubles.Count} sent twice for one attempt" + Verdict.Examples(doubles));
        var byPid = sink.Arrivals.GroupBy(a => a.Pid).ToDictionary(g => g.Key ?? 0, g => g.Count());
        var sentBy = nodes.Select(n => n.Pids.Sum(p => byPid.GetValueOrDefault(p))).ToList();
        v.Check("both nodes' workers sent postbacks", sentBy.All(s => s > 0),
            $"node a {sentBy[0]}, node b {sentBy[1]}, unattributed {byPid.GetValueOrDefault(0)}");

        v.Figure($"main load: {loadPostbacks} postbacks in {Stage.Seconds(loadTime)} ({loadPostbacks / loadTime.TotalSeconds:F0} acknowledged/s over both nodes, " +
                 $"{sizes.Concurrency} connections, one 2-core machine shared with PostgreSQL, the sink and the advertiser)");
        v.Figure($"transaction ids: {ids.Sum(g => g.Count())} events, {ids.Count} distinct; held conversions {held.Count}: " +
                 $"{byAdvertiser.Count} approved by the advertiser on both nodes at once, {approvedByJob} by the approval job of either node, each once");
        v.Figure($"deliveries {f.Deliveries} ({f.Delivered} delivered) vs unique credits {f.Credits}; sent by node a {sentBy[0]}, node b {sentBy[1]} " +
                 $"(unattributed {byPid.GetValueOrDefault(0)}); {retried} sent more than once after a failure (every fifth failed once on purpose), " +
                 $"{takenOver} of them retried by the other node; double deliveries {doubles.Count}; duplicates at the sink {f.Duplicates} " +
                 $"({lateAnswers} answered 200 after the {options.Timeout.TotalSeconds:0} s timeout)");
        stage.CheckLogs(v);
        if (!v.Passed) stage.ShowLogs();
        return v;
    }
}
