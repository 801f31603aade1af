using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Offerwall.Tests.Infrastructure;

/// <summary>What a partner's server received.</summary>
public sealed record Received(int Index, string Method, string Url, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public Dictionary<string, string> Query => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(Url).Query)
        .ToDictionary(p => p.Key, p => p.Value.ToString());
}

/// <summary>
/// A partner's postback endpoint: a real Kestrel server on 127.0.0.1 that records every request and
/// answers what the test says (by default 200 "ok").
/// </summary>
public sealed class PostbackSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;
    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Given the request, the status code to answer (and may wait first, to time out the sender).</summary>
    public Func<Received, Task<int>> Respond { get; set; } = _ => Task.FromResult(200);

    public string Url { get; private set; } = "";

    private PostbackSink(WebApplication app) => _app = app;

    public static async Task<PostbackSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new PostbackSink(app);
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var received = new Received(Interlocked.Increment(ref sink._count), http.Request.Method,
                $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}",
                http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), await reader.ReadToEndAsync());
            sink.Requests.Enqueue(received);
            http.Response.StatusCode = await sink.Respond(received);
            await http.Response.WriteAsync(http.Response.StatusCode is >= 200 and < 300 ? "ok" : "not now");
        });
        await app.StartAsync();
        sink.Url = app.Urls.First();
        return sink;
    }

    /// <summary>Waits (real time, bounded) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {seconds} s for {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, moving the fake clock one poll interval
    /// (1 s) at a time meanwhile: a worker that was busy when the test moved the clock is waiting
    /// on a timer set after that move, and needs another tick to look again.
    /// </summary>
    public static async Task NudgeUntilAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {seconds} s for {what}.");
            await Task.Delay(50);
            if (!await condition()) clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>
    /// Walks a delivery down the whole default retry ladder against a failing partner: waits for each
    /// attempt (<paramref name="attempts"/> reads how many were made), then moves the clock past the
    /// next wait, until the last attempt after which the delivery is dead.
    /// </summary>
    public static async Task FailThroughTheLadderAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, Func<Task<int>> attempts)
    {
        var ladder = Offerwall.Postbacks.PostbackOptions.DefaultLadder;
        for (var step = 0; step <= ladder.Length; step++)
        {
            var expected = step + 1;
            await NudgeUntilAsync(clock, async () => await attempts() == expected, $"attempt {expected}");
            if (step < ladder.Length) clock.Advance(ladder[step] * 1.1);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
