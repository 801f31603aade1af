using System.Diagnostics.Metrics;

namespace Offerwall.Web;

/// <summary>
/// The server's own instruments, meter "Offerwall", exported with ASP.NET Core's, HttpClient's, the runtime's and Npgsql's on /metrics
/// (Hosting/Telemetry.cs, docs/operations.md). Counters are counted where the thing happened, after its commit; the queue's gauges read
/// the database when scraped (<see cref="QueueSource"/>). Tags are few and bounded: reasons and rules are the API's own codes and names,
/// and a partner id is the one tag that grows with the business (an operator has hundreds of partners, not millions).
/// </summary>
public static class OfferwallMetrics
{
    public const string MeterName = "Offerwall";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Postbacks = Meter.CreateCounter<long>("offerwall.postbacks", "{postback}",
        "Advertiser and MMP postbacks answered: outcome accepted, duplicate (a repeat, nothing written) or refused (reason: the error code).");

    private static readonly Counter<long> ConversionChanges = Meter.CreateCounter<long>("offerwall.conversions.changes", "{conversion}",
        "Conversions entering a status (to), from another one or none (from: new).");

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("offerwall.deliveries", "{delivery}",
        "Partner postback attempts by outcome: sent (a 2xx answer), failed (to be retried) or dead (out of retries), by partner.");

    private static readonly Histogram<double> ApprovalLag = Meter.CreateHistogram("offerwall.approval.lag", "s",
        "From a pending conversion's arrival to its approval (by: system after its hold, operator, advertiser).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 60, 600, 3600, 6 * 3600, 24 * 3600, 3 * 24 * 3600, 7 * 24 * 3600, 30 * 24 * 3600] });

    private static readonly Counter<long> CapsReached = Meter.CreateCounter<long>("offerwall.caps.reached", "{conversion}",
        "Conversions that found an offer's or goal's cap or budget full, by what the offer does then (over_cap).");

    private static readonly Counter<long> FraudDecisions = Meter.CreateCounter<long>("offerwall.fraud.decisions", "{decision}",
        "Fraud rules that triggered, by rule, outcome (reject, hold, flag) and stage (start or conversion).");

    private static readonly Counter<long> DataApiPages = Meter.CreateCounter<long>("offerwall.data_api.pages", "{page}",
        "Conversion Data API pages answered.");

    /// <summary>Reads the postback queue for the gauges: deliveries due now and the age of the oldest one, in seconds (0: none due).</summary>
    public delegate (long Due, double OldestDueAgeSeconds) QueueReader();

    /// <summary>The server that answers the queue gauges: set once the server starts (one per process; in tests, the latest one).</summary>
    public static QueueReader? QueueSource { get; set; }

    /// <summary>Each server's read replica (Database:ReadConnectionString) by its address, and how to read its lag (null: no answer).</summary>
    public static System.Collections.Concurrent.ConcurrentDictionary<string, Func<double?>> ReplicaLag { get; } = new();

    static OfferwallMetrics()
    {
        Meter.CreateObservableGauge("offerwall.replica.lag", ReadReplicaLag, "s",
            "How far the read replica is behind the primary: 0 when it has replayed all it received, else the age of the last transaction "
            + "it replayed (none while it does not answer; reads then go to the primary).");
        Meter.CreateObservableGauge("offerwall.delivery_queue.depth", () => Read().Due, "{delivery}",
            "Partner postbacks due now (pending, their time come, their partner able to receive them).");
        Meter.CreateObservableGauge("offerwall.delivery_queue.oldest_due_age", () => Read().OldestDueAgeSeconds, "s",
            "How long the oldest due partner postback has waited since it became due: how far the workers are behind.");
    }

    private static readonly Lock ReadLock = new();
    private static (long Due, double Age) _lastRead;
    private static long _lastReadAt;

    /// <summary>The queue as last read, read again when more than a second old: the two gauges of one scrape share one reading.</summary>
    private static (long Due, double OldestDueAgeSeconds) Read()
    {
        lock (ReadLock)
        {
            if (_lastReadAt == 0 || System.Diagnostics.Stopwatch.GetElapsedTime(_lastReadAt) > TimeSpan.FromSeconds(1))
            {
                try
                {
                    _lastRead = QueueSource?.Invoke() ?? (0, 0);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _lastRead = (0, 0);   // the database did not answer: the health check says so; a scrape still answers the rest
                }
                _lastReadAt = System.Diagnostics.Stopwatch.GetTimestamp();
            }
            return _lastRead;
        }
    }

    private static IEnumerable<Measurement<double>> ReadReplicaLag()
    {
        foreach (var (address, read) in ReplicaLag)
            if (read() is { } lag) yield return new Measurement<double>(lag, new KeyValuePair<string, object?>("replica", address));
    }

    public static void PostbackAccepted(bool duplicate) =>
        Postbacks.Add(1, new KeyValuePair<string, object?>("outcome", duplicate ? "duplicate" : "accepted"));

    public static void PostbackRefused(string reason) =>
        Postbacks.Add(1, new KeyValuePair<string, object?>("outcome", "refused"), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A conversion entered <paramref name="to"/> (lower-case status) from <paramref name="from"/>, or was recorded (from null).</summary>
    public static void ConversionChanged(string? from, string to) =>
        ConversionChanges.Add(1, new KeyValuePair<string, object?>("from", from ?? "new"), new KeyValuePair<string, object?>("to", to));

    public static void Approved(TimeSpan lag, string by) =>
        ApprovalLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("by", by));

    public static void Delivery(string outcome, long partnerId) =>
        Deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("partner_id", partnerId));

    public static void CapReached(string overCap) => CapsReached.Add(1, new KeyValuePair<string, object?>("over_cap", overCap));

    public static void FraudDecision(string rule, string outcome, string stage) =>
        FraudDecisions.Add(1, new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("outcome", outcome),
            new KeyValuePair<string, object?>("stage", stage));

    public static void DataApiPage() => DataApiPages.Add(1);
}
