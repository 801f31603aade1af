using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>The answer to one postback, as the bench judges it.</summary>
public sealed record PostbackAnswer(HttpStatusCode? Status, string Body, long? TransactionId, bool Accepted);

/// <summary>
/// Ingestion: advertiser postbacks accepted per second. Each one is signed and names a dynamic goal
/// and a new event id, so each is a new conversion approved at once that writes its ledger row and
/// its partner postback row; the partner's postback URL is the sink, so the server also delivers
/// them as it would in production. Baseline: raw single-row INSERTs into an equal table of the same
/// database at the same concurrency (<see cref="InsertBaseline"/>). Runs alternate between the two,
/// so a drift of the machine (another job, autovacuum) touches both sides alike.
/// </summary>
public static class IngestionPhase
{
    private const int DuplicateRequests = 50;
    private const double Goal = 0.40;

    public static async Task RunAsync(BenchContext c, string phase, CancellationToken ct)
    {
        var o = c.Options;
        using var http = Http.Client(o.Url, o.IngestConcurrency);
        var tag = BenchContext.NewTag();

        Console.WriteLine($"setup: {o.Clicks} clicks through the client API, the partner's postbacks to the sink ...");
        var setupStarted = Stopwatch.GetTimestamp();
        var fixture = await BenchSetup.CreateAsync(http, o.AdminToken, o.Clicks, o.IngestConcurrency, tag, ct);
        await BenchSetup.SetPostbackUrlAsync(http, o.AdminToken, fixture.PartnerId, c.Sink, ct);
        await using var baseline = await InsertBaseline.CreateAsync(o.Engine, o.Db, o.IngestConcurrency, ct);
        Console.WriteLine($"setup: done in {Stopwatch.GetElapsedTime(setupStarted).TotalSeconds:F1} s");

        var events = new EventIds(tag);
        long offerwallFailures = 0, baselineFailures = 0, baselineInserted = 0;
        var offerwall = new Series();
        var inserts = new Series();
        for (var run = 0; run <= o.Runs && !ct.IsCancellationRequested; run++)
        {
            // Run 0 is the warm-up, not reported: until tiered JIT has optimised the hot path (slow on a busy small machine), a run measures the JIT.
            var seconds = run == 0 ? o.Warmup : o.Seconds;
            if (seconds == 0) continue;
            var label = run == 0 ? "warm-up" : $"run {run}";

            var accepted = new ConcurrentBag<long>();
            var cpu = Cpu.Of(o.ServerPid);
            var ours = await Load.RunAsync(o.IngestConcurrency, seconds, _ => async token =>
            {
                var answer = await SendAsync(http, fixture, events.Next(), token);
                if (!answer.Accepted) return $"{Status(answer)}: {Load.Shorten(answer.Body)}";
                accepted.Add(answer.TransactionId!.Value);
                return null;
            }, ct);
            offerwallFailures += ours.Failures;
            Load.Print($"offerwall {label}", ours, "accepted");
            // The baseline must not share the machine with the server's delivery backlog.
            await DrainAsync(c.Sink, accepted, ct);
            // Until drained: a postback's cost includes sending its delivery.
            cpu = Cpu.Since(o.ServerPid, cpu);

            var theirs = await Load.RunAsync(o.IngestConcurrency, seconds, baseline.Worker, ct);
            baselineFailures += theirs.Failures;
            baselineInserted += theirs.Ok;
            Load.Print($"baseline  {label}", theirs, "inserts");
            if (run == 0) continue;
            offerwall.Add(ours);
            offerwall.AddCpu(cpu);
            inserts.Add(theirs);
        }

        var rows = await baseline.CountAsync(ct);
        var (duplicatesOk, duplicateSummary) = await DuplicateCheckAsync(http, fixture, tag, ct);
        Console.WriteLine($"baseline table: {Fmt.Int(rows)} rows for {Fmt.Int(baselineInserted)} INSERTs; {duplicateSummary}");

        var t = c.Table;
        // An INSERT counted but not stored would flatter the baseline.
        if (rows != baselineInserted) t.Fail(phase, $"the baseline table has {rows} rows for {baselineInserted} successful INSERTs");
        var ratio = offerwall.MedianRate / inserts.MedianRate;
        t.Add(phase, $"accepted postbacks/s vs single-row INSERTs/s, {o.IngestConcurrency} conn. (median of {offerwall.Count})",
            Fmt.Int(offerwall.MedianRate), Fmt.Int(inserts.MedianRate), Fmt.Ratio(ratio), $"≥ {Goal:F2}", Fmt.Met(ratio >= Goal));
        t.Add(phase, "latency p50 / p99 (ms)",
            $"{Fmt.Ms(offerwall.Percentile(0.5))} / {Fmt.Ms(offerwall.Percentile(0.99))}", $"{Fmt.Ms(inserts.Percentile(0.5))} / {Fmt.Ms(inserts.Percentile(0.99))}");
        t.Add(phase, "server process CPU per accepted postback, its delivery included (ms)", offerwall.CpuPerOperation);
        t.Add(phase, $"{DuplicateRequests} identical postbacks at once → 1 conversion", duplicatesOk ? "ok" : "FAILED", "", "", "exactly 1", duplicatesOk ? "yes" : "FAIL");
        if (!duplicatesOk) t.Fail(phase, duplicateSummary);
        t.AddFailures(phase, offerwallFailures, baselineFailures);
    }

    /// <summary>Waits until the sink has received every accepted conversion's postback (bounded: a slow worker is a figure, not a hang).</summary>
    private static async Task DrainAsync(Sink sink, ConcurrentBag<long> accepted, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var limit = TimeSpan.FromSeconds(Math.Max(60, accepted.Count / 200.0));
        var ids = accepted.ToArray();
        var left = ids.Length;
        while (!ct.IsCancellationRequested)
        {
            left = ids.Count(id => !sink.Received.ContainsKey(id));
            if (left == 0 || Stopwatch.GetElapsedTime(started) > limit) break;
            await Task.Delay(50, ct);
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(left == 0
            ? $"    their {Fmt.Int(ids.Length)} deliveries reached the sink {seconds:F1} s after the run"
            : $"    {Fmt.Int(left)} of {Fmt.Int(ids.Length)} deliveries had not reached the sink after {seconds:F0} s; measuring on");
    }

    private static async Task<PostbackAnswer> SendAsync(HttpClient http, BenchFixture fixture, (long N, string EventId) e, CancellationToken ct) =>
        await SendAsync(http, fixture, fixture.TxIds[(int)(e.N % fixture.TxIds.Count)], e.EventId, ct);

    internal static async Task<PostbackAnswer> SendAsync(HttpClient http, BenchFixture fixture, string txId, string eventId, CancellationToken ct)
    {
        var query = PostbackSignature.SignedQuery(fixture.AdvertiserSecret,
        [
            new("tx_id", txId),
            new("goal_id", fixture.GoalId),
            new("event_id", eventId),
            new("payout", "5"),
        ]);
        try
        {
            using var response = await http.GetAsync($"/postbacks/advertiser?{query}", ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK) return new PostbackAnswer(response.StatusCode, body, null, false);
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var id = root.TryGetProperty("transaction_id", out var t) && t.TryGetInt64(out var v) ? v : (long?)null;
            var isNew = root.TryGetProperty("duplicate", out var d) && d.ValueKind == JsonValueKind.False;
            return new PostbackAnswer(response.StatusCode, body, id, isNew && id is not null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return new PostbackAnswer(null, $"{e.GetType().Name}: {e.Message}", null, false);
        }
    }

    private static string Status(PostbackAnswer a) => a.Status is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : "no answer";

    /// <summary>The same postback many times at once: exactly one conversion must come of it.</summary>
    private static async Task<(bool Ok, string Summary)> DuplicateCheckAsync(HttpClient http, BenchFixture fixture, string tag, CancellationToken ct)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, DuplicateRequests)
            .Select(_ => SendAsync(http, fixture, fixture.TxIds[0], $"{tag}-duplicate-check", ct)));
        var ok = answers.Count(a => a.Status == HttpStatusCode.OK);
        var distinct = answers.Where(a => a.TransactionId is not null).Select(a => a.TransactionId).Distinct().Count();
        var fresh = answers.Count(a => a.Accepted);
        var passed = ok == DuplicateRequests && distinct == 1 && fresh == 1;
        foreach (var a in answers.Where(a => a.Status != HttpStatusCode.OK).Take(5))
            Console.WriteLine($"    failure {Status(a)}: {Load.Shorten(a.Body)}");
        return (passed, $"duplicate check: {DuplicateRequests} identical postbacks in parallel -> {ok} answered 200, " +
                        $"{distinct} distinct transaction_id, {fresh} new ({(passed ? "ok" : "FAILED")})");
    }

    /// <summary>Event ids unique across the warm-up and every run, so each postback is a new conversion.</summary>
    private sealed class EventIds(string tag)
    {
        private long _next;

        public (long N, string EventId) Next()
        {
            var n = Interlocked.Increment(ref _next);
            return (n, $"{tag}-{n.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
