using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Offerwall.Bench;

/// <summary>
/// The partners' server: Kestrel on 127.0.0.1 in the bench process, stamping when each transaction
/// first arrived (/pb?tx=…), or refusing with 503 when told to. /ping answers 200 and records nothing,
/// to measure what the sink itself can take.
/// </summary>
public sealed class Sink : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentDictionary<long, long> Received { get; } = new();
    public ConcurrentDictionary<long, int> Refusals { get; } = new();
    public volatile bool Refuse;
    public string Url { get; private set; } = "";

    /// <summary>The postback URL template a partner is given, with the server's macros.</summary>
    public string PostbackUrl => Url + "/pb?tx={transaction_id}&r={reverse}&d={delivery_id}";

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
            if (http.Request.Path == "/ping") return Task.CompletedTask;
            if (!long.TryParse(http.Request.Query["tx"].ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var tx))
            {
                http.Response.StatusCode = 400;
                return Task.CompletedTask;
            }
            if (sink.Refuse)
            {
                sink.Refusals.AddOrUpdate(tx, 1, (_, n) => n + 1);
                http.Response.StatusCode = 503;
                return Task.CompletedTask;
            }
            sink.Received.TryAdd(tx, now);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        sink.Url = app.Urls.First();
        return sink;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
