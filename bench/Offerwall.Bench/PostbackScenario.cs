using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>One timed run: what was accepted, what failed, and the latency of every answered request.</summary>
public sealed record RunResult(long Accepted, long Failures, TimeSpan Elapsed, double[] SortedLatenciesMs)
{
    public double AcceptedPerSecond => Accepted / Elapsed.TotalSeconds;

    /// <summary>Nearest-rank percentile, in milliseconds.</summary>
    public double Percentile(double p) =>
        SortedLatenciesMs.Length == 0 ? double.NaN : SortedLatenciesMs[Math.Clamp((int)Math.Ceiling(p * SortedLatenciesMs.Length) - 1, 0, SortedLatenciesMs.Length - 1)];
}

/// <summary>The answer to one postback, as the bench judges it.</summary>
public sealed record PostbackAnswer(HttpStatusCode? Status, string Body, long? TransactionId, bool Accepted);

/// <summary>
/// How many advertiser conversion postbacks per second the server accepts: each one is signed,
/// names a dynamic goal and a new event id, so each is a new conversion that is approved at once
/// and writes its ledger row and its partner postback row.
/// </summary>
public static class PostbackScenario
{
    private const int ShownFailures = 5;
    private const int DuplicateRequests = 50;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        using var http = CreateClient(options);
        // A fresh tag keeps user and event ids new even when the tool runs twice against one database.
        var tag = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..4]);

        Console.WriteLine($"setup: {options.Clicks} clicks through {options.Url} ...");
        var setupStarted = Stopwatch.GetTimestamp();
        BenchFixture fixture;
        try
        {
            fixture = await BenchSetup.CreateAsync(http, options, tag, ct);
        }
        catch (Exception e) when (e is BenchSetupException or HttpRequestException or JsonException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"setup failed: {e.Message}");
            return 1;
        }
        Console.WriteLine($"setup: done in {Stopwatch.GetElapsedTime(setupStarted).TotalSeconds:F1} s");

        var events = new EventIds(tag);
        if (options.WarmupSeconds > 0)
        {
            // Not reported: until tiered JIT has optimised the hot path (slow on a busy small machine), a run measures the JIT, not the server.
            var warmup = await RunOnceAsync(http, options, fixture, events, options.WarmupSeconds, ct);
            Console.WriteLine($"warm-up: {Format(warmup.AcceptedPerSecond)} accepted/s over {options.WarmupSeconds} s, {warmup.Failures} failures");
        }

        var results = new List<RunResult>();
        for (var run = 1; run <= options.Runs && !ct.IsCancellationRequested; run++)
        {
            var result = await RunOnceAsync(http, options, fixture, events, options.Seconds, ct);
            results.Add(result);
            Console.WriteLine($"run {run}: {Format(result.AcceptedPerSecond)} accepted/s ({result.Accepted} in {result.Elapsed.TotalSeconds:F1} s), " +
                              $"p50 {result.Percentile(0.50):F1} ms, p99 {result.Percentile(0.99):F1} ms, {result.Failures} failures");
        }
        if (results.Count == 0) return 1;

        var duplicatesOk = await DuplicateCheckAsync(http, fixture, tag, ct);

        var rates = results.Select(r => r.AcceptedPerSecond).ToList();
        Console.WriteLine($"postbacks: median {Format(Median(rates))} accepted/s at {options.Concurrency} connections " +
                          $"(runs: {string.Join(", ", rates.Select(Format))})");
        return duplicatesOk && results.All(r => r.Failures == 0 && r.Accepted > 0) ? 0 : 1;
    }

    internal static HttpClient CreateClient(BenchOptions options) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = options.Concurrency,
        // Keep every connection for the whole bench: reconnecting would be measured as server time.
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
    })
    {
        BaseAddress = options.Url,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static async Task<RunResult> RunOnceAsync(HttpClient http, BenchOptions options, BenchFixture fixture, EventIds events, int seconds,
        CancellationToken ct)
    {
        var accepted = 0L;
        var failures = 0L;
        var failureBodies = new ConcurrentQueue<string>();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + seconds * Stopwatch.Frequency;

        var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            var latencies = new List<double>(capacity: 4096);
            while (Stopwatch.GetTimestamp() < deadline && !ct.IsCancellationRequested)
            {
                var n = events.Next();
                var txId = fixture.TxIds[(int)(n % fixture.TxIds.Count)];
                var sent = Stopwatch.GetTimestamp();
                var answer = await SendAsync(http, fixture, txId, events.Id(n), ct);
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (answer.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
                else if (Interlocked.Increment(ref failures) <= ShownFailures)
                {
                    failureBodies.Enqueue($"{(answer.Status is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : "no answer")}: {BenchSetup.Shorten(answer.Body)}");
                }
            }
            return latencies;
        }).ToList();
        var perWorker = await Task.WhenAll(workers);
        // In-flight requests at the deadline finish and count, so the time runs until the last one is back.
        var elapsed = Stopwatch.GetElapsedTime(started);

        foreach (var body in failureBodies)
            Console.WriteLine($"  failure {body}");
        var all = perWorker.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new RunResult(accepted, failures, elapsed, all);
    }

    private static async Task<PostbackAnswer> SendAsync(HttpClient http, BenchFixture fixture, string txId, string eventId, CancellationToken ct)
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

    /// <summary>The same postback many times at once: exactly one conversion must come of it.</summary>
    private static async Task<bool> DuplicateCheckAsync(HttpClient http, BenchFixture fixture, string tag, CancellationToken ct)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, DuplicateRequests)
            .Select(_ => SendAsync(http, fixture, fixture.TxIds[0], $"{tag}-duplicate-check", ct)));
        var ok = answers.Count(a => a.Status == HttpStatusCode.OK);
        var distinct = answers.Where(a => a.TransactionId is not null).Select(a => a.TransactionId).Distinct().Count();
        var fresh = answers.Count(a => a.Accepted);
        var passed = ok == DuplicateRequests && distinct == 1 && fresh == 1;
        Console.WriteLine($"duplicate check: {DuplicateRequests} identical postbacks in parallel -> {ok} answered 200, " +
                          $"{distinct} distinct transaction_id, {fresh} new ({(passed ? "ok" : "FAILED")})");
        foreach (var a in answers.Where(a => a.Status != HttpStatusCode.OK).Take(ShownFailures))
            Console.WriteLine($"  failure {(a.Status is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : "no answer")}: {BenchSetup.Shorten(a.Body)}");
        return passed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Format(double perSecond) => perSecond.ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>Event ids unique across the warm-up and every run, so each postback is a new conversion.</summary>
    private sealed class EventIds(string tag)
    {
        private long _next;

        public long Next() => Interlocked.Increment(ref _next);

        public string Id(long n) => $"{tag}-{n.ToString(CultureInfo.InvariantCulture)}";
    }
}
