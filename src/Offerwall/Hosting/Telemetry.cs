using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Offerwall.Admin;
using Offerwall.Data;
using Offerwall.Postbacks;
using Offerwall.Web;

namespace Offerwall.Hosting;

/// <summary>
/// Metrics (docs/operations.md): OpenTelemetry with ASP.NET Core's, HttpClient's, the .NET runtime's and Npgsql's instruments and the
/// server's own (<see cref="OfferwallMetrics"/>), exported in the Prometheus format on GET /metrics of the main port, behind the admin
/// token (Prometheus's <c>authorization</c> scrape setting). On unless Metrics:Enabled is false. Traces over OTLP when
/// Tracing:OtlpEndpoint is set (off by default).
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    private static bool Enabled(IConfiguration config) => config.GetValue("Metrics:Enabled", true);

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = OtlpEndpoint(builder.Configuration);
        if (!Enabled(builder.Configuration) && otlp is null) return;
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("offerwall"));
        // Traces, off unless Tracing:OtlpEndpoint is set: the postback's request, its ledger write (with Npgsql's commands) and, later,
        // the partner postback sent by a worker, in one trace (Web/OfferwallTracing.cs).
        if (otlp is not null)
            telemetry.WithTracing(tracing => tracing
                .AddSource(OfferwallTracing.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = otlp;
                    o.Protocol = builder.Configuration["Tracing:OtlpProtocol"] is "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                }));
        if (!Enabled(builder.Configuration)) return;
        telemetry.WithMetrics(metrics => metrics
                .AddMeter(OfferwallMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                // Every scrape is a fresh reading: Prometheus asks every 15 s or so, and a test asks right after what it counts.
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    /// <summary>Tracing:OtlpEndpoint, the collector's URL (http/protobuf: the full path, e.g. http://collector:4318/v1/traces); null: traces off.</summary>
    private static Uri? OtlpEndpoint(IConfiguration config)
    {
        var text = config["Tracing:OtlpEndpoint"];
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException("Tracing:OtlpEndpoint must be an absolute http or https URL, such as http://collector:4318/v1/traces.");
        return uri;
    }

    public static void MapMetrics(this WebApplication app)
    {
        if (!Enabled(app.Configuration)) return;
        var services = app.Services;
        var clock = services.GetRequiredService<TimeProvider>();
        OfferwallMetrics.QueueReader read = () =>
        {
            using var scope = services.CreateScope();
            var now = clock.GetUtcNow().UtcDateTime;
            var (due, oldest) = DeliveryQueue.Due(scope.ServiceProvider.GetRequiredService<OfferwallDb>(), now);
            return (due, oldest is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0);
        };
        OfferwallMetrics.QueueSource = read;
        if (services.GetRequiredService<ReadReplica>() is { Configured: true, Address: { } address } replica)
        {
            OfferwallMetrics.ReplicaLag[address] = replica.LagSeconds;
            app.Lifetime.ApplicationStopping.Register(() => OfferwallMetrics.ReplicaLag.TryRemove(address, out _));
        }
        app.Lifetime.ApplicationStopping.Register(() => { if (OfferwallMetrics.QueueSource == read) OfferwallMetrics.QueueSource = null; });
        // The exporter's own pipeline, behind a documented endpoint of the admin group (its token check, its 401 in the OpenAPI document).
        var exporter = ((IApplicationBuilder)app).New().UseOpenTelemetryPrometheusScrapingEndpoint(_ => true).Build();
        app.MapGroup("").RequireAdminToken().WithErrorShape(ProblemDetailsShape.Instance).WithTags("Operations")
            .MapGet(MetricsPath, (HttpContext http, CancellationToken _) => exporter(http))
            .WithName("Metrics")
            .WithSummary("The server's metrics in the Prometheus text format, for Prometheus to scrape with the admin token as a bearer.")
            .WithDescription("ASP.NET Core, HttpClient, .NET runtime and Npgsql instruments, and the server's own: offerwall_postbacks_total "
                             + "(outcome, reason), offerwall_conversions_changes_total (from, to), offerwall_deliveries_total (outcome, partner_id), "
                             + "offerwall_delivery_queue_depth, offerwall_delivery_queue_oldest_due_age_seconds, offerwall_approval_lag_seconds (by), "
                             + "offerwall_caps_reached_total (over_cap), offerwall_fraud_decisions_total (rule, outcome, stage), "
                             + "offerwall_data_api_pages_total. Off when Metrics:Enabled is false (then 404).")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
    }
}
