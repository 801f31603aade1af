using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>
/// Partner postbacks: (1) the delay from the moment an advertiser's postback is committed to the
/// partner's first receipt of it, one conversion at a time; (2) how many deliveries per second the
/// worker sends to the local sink, measured by letting N deliveries die against the sink refusing
/// them (the server runs with a one-step retry ladder of 1 s) and replaying them all at once. Beside
/// it, what the sink itself takes from the bench at 32 connections: the ceiling of this machine.
/// </summary>
public static class DeliveryPhase
{
    private const int LatencySamples = 200;
    private const int SinkConnections = 32;
    private const double RateGoal = 5000;
    private const double DelayGoalMs = 100;
    // Creating the conversions goes at the ingestion rate; on a slow server, fewer deliveries make the figure rather than an hour's wait.
    private static readonly TimeSpan CreationLimit = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(BenchContext c, string phase, CancellationToken ct)
    {
        var o = c.Options;
        var sink = c.Sink;
        using var http = Http.Client(o.Url, o.IngestConcurrency);
        var tag = BenchContext.NewTag();
        var fixture = await BenchSetup.CreateAsync(http, o.AdminToken, Math.Min(o.Clicks, 200), o.IngestConcurrency, tag, ct);
        await BenchSetup.SetPostbackUrlAsync(http, o.AdminToken, fixture.PartnerId, sink, ct);

        // 0. The sink's own capacity, while nothing else runs.
        using var toSink = Http.Client(new Uri(sink.Url), SinkConnections);
        var capacity = await Load.RunAsync(SinkConnections, o.Seconds, _ =>
        {
            var body = new BodyBuffer();
            return async token =>
            {
                var status = await Http.GetAsync(toSink, "/ping", body, token);
                return status == HttpStatusCode.OK ? null : Http.Failure(status, body);
            };
        }, ct);
        Console.WriteLine($"  sink capacity (bench → sink, {SinkConnections} conn.): {capacity.Describe("requests")}");

        // 1. Delay from commit to first attempt. The commit happens while the postback request runs,
        //    so the receipt is timed from the answer (a lower bound) and from the request (an upper bound).
        var sent = new List<(long Tx, long Start, long Answered)>();
        for (var i = 0; i < LatencySamples && !ct.IsCancellationRequested; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var tx = await PostbackAsync(http, fixture, $"lat-{tag}-{i}", i, ct);
            sent.Add((tx, start, Stopwatch.GetTimestamp()));
            await Task.Delay(20, ct);
        }
        await WaitAsync(() => sent.All(s => sink.Received.ContainsKey(s.Tx)), TimeSpan.FromSeconds(30), "the latency samples", ct);
        var fromAnswer = sent.Select(s => Ms(sink.Received[s.Tx] - s.Answered)).Order().ToArray();
        var fromRequest = sent.Select(s => Ms(sink.Received[s.Tx] - s.Start)).Order().ToArray();
        Console.WriteLine($"  delay commit → first attempt: median between {Fmt.Ms(Stats.Percentile(fromAnswer, 0.5))} and " +
                          $"{Fmt.Ms(Stats.Percentile(fromRequest, 0.5))} ms, p99 below {Fmt.Ms(Stats.Percentile(fromRequest, 0.99))} ms " +
                          $"({sent.Count} conversions, one at a time)");

        // 2. Throughput. Every delivery fails twice against the refusing sink and is dead; then all are replayed at once.
        sink.Refuse = true;
        var ids = new ConcurrentBag<long>();
        var created = Stopwatch.GetTimestamp();
        long[] all;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, o.Deliveries), new ParallelOptions { MaxDegreeOfParallelism = o.IngestConcurrency, CancellationToken = ct },
                async (i, token) =>
                {
                    if (Stopwatch.GetElapsedTime(created) < CreationLimit) ids.Add(await PostbackAsync(http, fixture, $"tp-{tag}-{i}", i, token));
                });
            all = ids.ToArray();
            Console.WriteLine($"  {Fmt.Int(all.Length)} conversions in {Stopwatch.GetElapsedTime(created).TotalSeconds:F1} s" +
                              (all.Length < o.Deliveries ? $" (of {Fmt.Int(o.Deliveries)}: stopped at {CreationLimit.TotalSeconds:F0} s)" : "") +
                              "; waiting for their deliveries to die ...");
            await WaitAsync(() => all.All(id => sink.Refusals.GetValueOrDefault(id) >= 2), TimeSpan.FromMinutes(5), "every delivery to die", ct);
            await Task.Delay(500, ct);
        }
        finally
        {
            sink.Refuse = false;
        }
        sink.Received.Clear();
        var today = DateTime.UtcNow.Date;
        var replayStarted = Stopwatch.GetTimestamp();
        using (var replay = new HttpRequestMessage(HttpMethod.Post,
                   $"/admin/postbacks/replay?partner_id={fixture.PartnerId}&from_date={today.AddDays(-1):yyyy-MM-dd}&to_date={today.AddDays(1):yyyy-MM-dd}"))
        {
            replay.Headers.Authorization = new("Bearer", o.AdminToken);
            using var response = await http.SendAsync(replay, ct);
            if (!response.IsSuccessStatusCode)
                throw new BenchSetupException($"replay answered {(int)response.StatusCode}: {Load.Shorten(await response.Content.ReadAsStringAsync(ct))}");
        }
        var count = all.Length;
        await WaitAsync(() => all.All(sink.Received.ContainsKey), TimeSpan.FromMinutes(5), "every replayed delivery", ct);
        var seconds = (sink.Received.Values.Max() - replayStarted) / (double)Stopwatch.Frequency;
        var rate = count / seconds;
        Console.WriteLine($"  deliveries: {Fmt.Int(count)} sent in {seconds:F2} s after one replay call = {Fmt.Int(rate)} deliveries/s to the sink");

        var t = c.Table;
        t.Add(phase, $"deliveries/s to a local sink ({Fmt.Int(count)} replayed at once) vs sink capacity", Fmt.Int(rate), Fmt.Int(capacity.PerSecond),
            Fmt.Ratio(rate / capacity.PerSecond), $"≥ {Fmt.Int(RateGoal)}/s", Fmt.Met(rate >= RateGoal));
        var low = Stats.Percentile(fromAnswer, 0.5);
        var high = Stats.Percentile(fromRequest, 0.5);
        // Judged on the upper bound: a pass is then certain.
        t.Add(phase, $"delay commit → first attempt p50 (ms, bounds; {sent.Count} one at a time)", $"{Fmt.Ms(low)}–{Fmt.Ms(high)}", "", "",
            $"≤ {DelayGoalMs:F0} ms", Fmt.Met(high <= DelayGoalMs));
        t.Add(phase, "delay commit → first attempt p99 (ms, upper bound)", Fmt.Ms(Stats.Percentile(fromRequest, 0.99)));
        // A failed postback throws out of this phase (and is reported as its failure); the sink's failures are the bench's own.
        t.AddFailures(phase, 0, capacity.Failures);
    }

    private static async Task<long> PostbackAsync(HttpClient http, BenchFixture fixture, string eventId, int i, CancellationToken ct)
    {
        var answer = await IngestionPhase.SendAsync(http, fixture, fixture.TxIds[i % fixture.TxIds.Count], eventId, ct);
        if (!answer.Accepted)
            throw new BenchSetupException($"postback answered {(answer.Status is { } s ? (int)s : 0)}: {Load.Shorten(answer.Body)}");
        return answer.TransactionId!.Value;
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan limit, string what, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (!done())
        {
            if (Stopwatch.GetTimestamp() > until) throw new BenchSetupException($"Waited {limit.TotalSeconds:F0} s for {what}.");
            // The figures come from the sink's own stamps, so how often this looks does not change them.
            await Task.Delay(20, ct);
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
