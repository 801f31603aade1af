using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Offerwall.Faults;

/// <summary>
/// One request the partner's server received. <see cref="Seq"/> orders arrivals; <see cref="Answer"/> is
/// the status code it answered (0: none, it closed the connection or held it until the sender gave up);
/// <see cref="Pid"/> is the server process that sent it (found through /proc), null when that could not be told.
/// </summary>
public sealed record Arrival(long Seq, DateTime At, long DeliveryId, long TransactionId, bool Reverse, string Status, int Answer,
    bool SignatureOk, bool Credited, int? Pid);

/// <summary>A credit: the first valid postback of one (transaction_id, reverse).</summary>
public sealed record Credit(long Seq, long DeliveryId, DateTime At, int? Pid);

/// <summary>
/// A partner's postback endpoint, written the way docs/postbacks.md tells partners to: it verifies the
/// signature over the raw URL up to the last <c>&amp;signature=</c>, credits each (transaction_id,
/// reverse) once, and answers 200 to a repeat without crediting it again (a retry or a replay, never
/// new money). Kestrel on 127.0.0.1, inside the tool.
/// </summary>
public sealed class PartnerSink(Func<IReadOnlyCollection<int>> serverPids) : IAsyncDisposable
{
    public const string DeliveryHeader = "X-Offerwall-Delivery";

    private readonly ConcurrentDictionary<long, int> _upArrivals = new();
    private readonly SocketOwners _owners = new(serverPids);
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private long _seq;
    private int _mode;
    private long _duplicates, _badSignatures, _malformed;

    public int Port { get; private set; }
    public string Url => $"http://127.0.0.1:{Port}/postback";

    /// <summary>The partner's postback secret (known once the partner is created).</summary>
    public string Secret { get; set; } = "";

    /// <summary>
    /// Given a delivery id and how many times it has reached the sink while up (1 = first), whether to
    /// answer 500 anyway: a partner failing now and then, so that retries happen.
    /// </summary>
    public Func<long, int, bool>? FailArrival { get; set; }

    public SinkMode Mode => (SinkMode)Volatile.Read(ref _mode);

    /// <summary>The sequence number of the last request received so far.</summary>
    public long LastSeq => Interlocked.Read(ref _seq);

    /// <summary>How long a slow partner takes to answer.</summary>
    public TimeSpan SlowAnswer { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The longest a hanging partner holds a request whose sender has not given up (a bound, should the sender never time out).</summary>
    public TimeSpan HangLimit { get; set; } = TimeSpan.FromSeconds(60);

    public ConcurrentQueue<Arrival> Arrivals { get; } = new();
    public ConcurrentDictionary<(long TransactionId, bool Reverse), Credit> Credits { get; } = new();
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long BadSignatures => Interlocked.Read(ref _badSignatures);
    public long Malformed => Interlocked.Read(ref _malformed);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;
        if (Port == 0) Port = new Uri(app.Urls.First()).Port;
    }

    /// <summary>Switches behaviour; Down stops listening (connection refused), leaving Down listens again on the same port.</summary>
    public async Task SetModeAsync(SinkMode mode)
    {
        var was = Mode;
        Volatile.Write(ref _mode, (int)mode);
        if (mode == SinkMode.Down && was != SinkMode.Down && _app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
        else if (mode != SinkMode.Down && was == SinkMode.Down)
        {
            await StartAsync();
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var seq = Interlocked.Increment(ref _seq);
        var at = DateTime.UtcNow;
        var raw = "http://" + http.Request.Host + http.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var pid = _owners.Find(http.Connection.Id, http.Connection.RemotePort, http.Connection.LocalPort);
        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value);
        var reverseText = query.GetValueOrDefault("reverse").ToString();
        var hasDelivery = long.TryParse(query.GetValueOrDefault("delivery_id").ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var deliveryId);
        var hasTransaction = long.TryParse(query.GetValueOrDefault("transaction_id").ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var transactionId);
        // The delivery id is in the URL and in the header, the same on every retry.
        var parsed = hasDelivery && hasTransaction && reverseText is ("0" or "1")
                     && http.Request.Headers[DeliveryHeader].ToString() == deliveryId.ToString(CultureInfo.InvariantCulture);
        var reverse = reverseText == "1";
        var signatureOk = IsFromOfferwall(raw, Secret);
        var credited = false;
        var mode = Mode;
        int answer;
        switch (mode)
        {
            case SinkMode.Refuse503:
                answer = 503;
                break;
            case SinkMode.Close:
            case SinkMode.Hang:
            case SinkMode.Down:   // a request already on its way while the listener stops
                answer = 0;
                break;
            default:
                if (!parsed)
                {
                    Interlocked.Increment(ref _malformed);
                    answer = 400;
                }
                else if (!signatureOk)
                {
                    Interlocked.Increment(ref _badSignatures);
                    answer = 401;
                }
                else if (FailArrival is { } fail && fail(deliveryId, _upArrivals.AddOrUpdate(deliveryId, 1, (_, n) => n + 1)))
                {
                    answer = 500;
                }
                else
                {
                    // Credit once per (transaction_id, reverse); a repeat is acknowledged, not paid.
                    credited = Credits.TryAdd((transactionId, reverse), new Credit(seq, deliveryId, at, pid));
                    if (!credited) Interlocked.Increment(ref _duplicates);
                    answer = 200;
                }
                break;
        }
        Arrivals.Enqueue(new Arrival(seq, at, deliveryId, transactionId, reverse, query.GetValueOrDefault("status").ToString(), answer,
            signatureOk, credited, pid));
        if (answer == 0)
        {
            if (mode == SinkMode.Hang) await HoldAsync(http);
            http.Abort();
            return;
        }
        if (mode == SinkMode.Slow) await Task.Delay(SlowAnswer);
        http.Response.StatusCode = answer;
        await http.Response.WriteAsync(answer == 200 ? "ok" : "not now");
    }

    /// <summary>Holds a request unanswered until its sender gives up and closes the connection, the sink stops, or <see cref="HangLimit"/> passes.</summary>
    private async Task HoldAsync(HttpContext http)
    {
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
        try
        {
            await Task.Delay(HangLimit, hold.Token);
        }
        catch (OperationCanceledException)
        {
            // The sender's timeout closed the connection, or the sink is stopping.
        }
    }

    /// <summary>The check docs/postbacks.md gives partners, as written there.</summary>
    public static bool IsFromOfferwall(string rawUrl, string secret)
    {
        var at = rawUrl.LastIndexOf("&signature=", StringComparison.Ordinal);
        if (at < 0) at = rawUrl.LastIndexOf("?signature=", StringComparison.Ordinal);
        if (at < 0) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(rawUrl[..at]));
        byte[] given;
        try
        {
            given = Convert.FromHexString(rawUrl[(at + "&signature=".Length)..]);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    public async ValueTask DisposeAsync()
    {
        // Let held requests go, or stopping would wait for them.
        await _stopping.CancelAsync();
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
