using System.Diagnostics;

namespace Offerwall.Web;

/// <summary>
/// The server's own spans (Hosting/Telemetry.cs exports them over OTLP when Tracing:OtlpEndpoint is set; docs/operations.md):
/// the recording of an advertiser's postback (its ledger write) and each partner postback sent. A partner postback is sent later by a
/// worker, so the delivery row keeps the W3C traceparent of the request that queued it, and its span continues that trace.
/// </summary>
public static class OfferwallTracing
{
    public const string SourceName = "Offerwall";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current span's W3C traceparent when it is being recorded (tracing on and sampled), for a row that continues it later.</summary>
    public static string? CurrentParent() => Activity.Current is { Recorded: true, IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;

    /// <summary>A span continuing the trace a row kept (<see cref="CurrentParent"/>), or a new trace when it kept none.</summary>
    public static Activity? StartContinuing(string name, ActivityKind kind, string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
}
