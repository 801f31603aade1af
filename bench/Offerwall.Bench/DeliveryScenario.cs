using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Offerwall.Bench;

/// <summary>
/// Partner postbacks: (1) the delay from the moment an advertiser's postback is committed to the
/// partner's first receipt of it, one conversion at a time; (2) how many deliveries per second the
/// worker sends to a local sink, measured by letting N deliveries die against a failing sink
/// (the server runs with a one-step ladder of 1 s) and replaying them all at once.
/// </summary>
public static class DeliveryScenario
{
    private const int LatencySamples = 200;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        using var http = PostbackScenario.CreateClient(options);
        await using var sink = await Sink.StartAsync();
        var tag = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..4]);
        var fixture = await BenchSetup.CreateAsync(http, options with { Clicks = Math.Min(options.Clicks, 200) }, tag, ct);
        await BenchSetup.AdminPostAsync(http, options, $"/admin/partners/{fixture.PartnerId}/postback",
            new { postback_url = sink.Url + "/pb?tx={transaction_id}&r={reverse}&d={delivery_id}", postback_format = "get", stateful_postbacks = false }, ct);

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
        Console.WriteLine($"delay commit -> first attempt: median between {F(Pct(fromAnswer, 0.5))} and {F(Pct(fromRequest, 0.5))} ms, " +
                          $"p99 below {F(Pct(fromRequest, 0.99))} ms ({sent.Count} conversions, one at a time)");

        // 2. Throughput. Every delivery fails twice against the refusing sink and is dead; then all are replayed at once.
        var count = options.Clicks;
        sink.Refuse = true;
        var ids = new ConcurrentBag<long>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct },
            async (i, token) => ids.Add(await PostbackAsync(http, fixture, $"tp-{tag}-{i}", i, token)));
        await WaitAsync(() => ids.All(id => sink.Refusals.GetValueOrDefault(id) >= 2), TimeSpan.FromMinutes(5), "every delivery to die", ct);
        await Task.Delay(500, ct);
        sink.Refuse = false;
        sink.Received.Clear();
        var today = DateTime.UtcNow.Date;
        var replayStarted = Stopwatch.GetTimestamp();
        using (var replay = new HttpRequestMessage(HttpMethod.Post,
                   $"/admin/postbacks/replay?partner_id={fixture.PartnerId}&from_date={today.AddDays(-1):yyyy-MM-dd}&to_date={today.AddDays(1):yyyy-MM-dd}"))
        {
            replay.Headers.Authorization = new("Bearer", options.AdminToken);
            using var response = await http.SendAsync(replay, ct);
            response.EnsureSuccessStatusCode();
        }
        await WaitAsync(() => ids.All(sink.Received.ContainsKey), TimeSpan.FromMinutes(5), "every replayed delivery", ct);
        var seconds = (sink.Received.Values.Max() - replayStarted) / (double)Stopwatch.Frequency;
        Console.WriteLine($"deliveries: {count} sent in {seconds:F2} s after one replay call = {F(count / seconds)} deliveries/s to a local sink");
        Console.WriteLine($"postback deliveries: {F(count / seconds)}/s; commit -> first attempt median {F(Pct(fromAnswer, 0.5))}-{F(Pct(fromRequest, 0.5))} ms");
        return 0;
    }

    private static async Task<long> PostbackAsync(HttpClient http, BenchFixture fixture, string eventId, int i, CancellationToken ct)
    {
        var query = PostbackSignature.SignedQuery(fixture.AdvertiserSecret,
            [new("tx_id", fixture.TxIds[i % fixture.TxIds.Count]), new("goal_id", fixture.GoalId), new("event_id", eventId), new("payout", "5")]);
        using var response = await http.GetAsync($"/postbacks/advertiser?{query}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new BenchSetupException($"postback answered {(int)response.StatusCode}: {BenchSetup.Shorten(body)}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("transaction_id").GetInt64();
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan limit, string what, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (!done())
        {
            if (Stopwatch.GetTimestamp() > until) throw new BenchSetupException($"Waited {limit.TotalSeconds:F0} s for {what}.");
            await Task.Delay(10, ct);
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
    private static double Pct(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>The partner's server: Kestrel on 127.0.0.1, stamping when each transaction first arrived.</summary>
    private sealed class Sink : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public ConcurrentDictionary<long, long> Received { get; } = new();
        public ConcurrentDictionary<long, int> Refusals { get; } = new();
        public volatile bool Refuse;
        public string Url { get; private set; } = "";

        private Sink(WebApplication app) => _app = app;

        public static async Task<Sink> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var sink = new Sink(app);
            app.Run(http =>
            {
                var now = Stopwatch.GetTimestamp();
                var tx = long.Parse(http.Request.Query["tx"].ToString(), CultureInfo.InvariantCulture);
                if (sink.Refuse)
                {
                    sink.Refusals.AddOrUpdate(tx, 1, (_, n) => n + 1);
                    http.Response.StatusCode = 503;
                    return Task.CompletedTask;
                }
                sink.Received.TryAdd(tx, now);
                http.Response.StatusCode = 200;
                return Task.CompletedTask;
            });
            await app.StartAsync();
            sink.Url = app.Urls.First();
            return sink;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
