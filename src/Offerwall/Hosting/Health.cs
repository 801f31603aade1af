using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Offerwall.Admin;
using Offerwall.Data;
using Offerwall.Postbacks;
using Offerwall.Web;

namespace Offerwall.Hosting;

/// <summary>
/// Health, with ASP.NET Core's health checks (docs/operations.md). <c>GET /health/live</c>: the process answers, nothing else is checked.
/// <c>GET /health/ready</c>: every check below passes; plain text (Healthy, Degraded: 200; Unhealthy: 503), no detail, no auth, never cached.
/// <c>GET /admin/health</c>: the same checks in detail, under the admin token. The checks: the database answers (EF Core's DbContext check, on
/// either engine), its migrations are exactly this version's, PostgreSQL's ledger has next month's partition and nothing in ledger_default
/// (Degraded otherwise), the configured country and Anonymous IP databases are loaded, and the postback
/// worker's loop is beating. No rate limit or request log applies to /health (the rate limits are per API route group).
/// </summary>
public static class Health
{
    public const string ReadyTag = "ready";

    /// <summary>Each check's time limit: a database that hangs makes /health/ready answer 503 in about this long, not when the prober gives up.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddOfferwallHealth(this IServiceCollection services, IConfiguration config)
    {
        var checks = services.AddHealthChecks();
        string[] ready = [ReadyTag];
        var database = config.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        // The app's own pooled context, so the check goes where the app's queries go (CanConnectAsync: opens a connection; on SQLite, the file exists).
        _ = database.Provider == DatabaseProvider.Postgres
            ? checks.AddDbContextCheck<PostgresOfferwallDb>("database", HealthStatus.Unhealthy, ready)
            : checks.AddDbContextCheck<SqliteOfferwallDb>("database", HealthStatus.Unhealthy, ready);
        checks.Add(new HealthCheckRegistration("migrations", sp => ActivatorUtilities.CreateInstance<MigrationsHealthCheck>(sp), HealthStatus.Unhealthy, ready,
            CheckTimeout));
        checks.Add(new HealthCheckRegistration("ledger_months", sp => ActivatorUtilities.CreateInstance<LedgerMonthsHealthCheck>(sp), HealthStatus.Degraded,
            ready, CheckTimeout));
        checks.Add(new HealthCheckRegistration("geo_database", sp => new MmdbHealthCheck("Geo:CountryDatabase", "geo targeting", () =>
        {
            var lookup = sp.GetRequiredService<CountryLookup>();
            return (!lookup.Unconfigured, lookup.Enabled);
        }), HealthStatus.Unhealthy, ready, CheckTimeout));
        checks.Add(new HealthCheckRegistration("vpn_database", sp => new MmdbHealthCheck("Vpn:AnonymousIpDatabase", "anonymizer detection", () =>
        {
            var lookup = sp.GetRequiredService<AnonymousIpLookup>();
            return (!lookup.Unconfigured, lookup.Enabled);
        }), HealthStatus.Unhealthy, ready, CheckTimeout));
        checks.Add(new HealthCheckRegistration("postback_worker", sp => ActivatorUtilities.CreateInstance<PostbackWorkerHealthCheck>(sp), HealthStatus.Unhealthy,
            ready, CheckTimeout));
        // AddDbContextCheck takes no timeout of its own: give it the same.
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            foreach (var registration in o.Registrations) if (registration.Timeout == Timeout.InfiniteTimeSpan) registration.Timeout = CheckTimeout;
        });
        return services;
    }

    public static void MapOfferwallHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", (HttpContext http) => Plain(http, HealthStatus.Healthy))
            .WithName("HealthLive")
            .WithSummary("Liveness: the process answers. No checks, no authentication.")
            .WithDescription("Always 200 `Healthy` while the process serves HTTP: for a liveness probe (restart the node when it fails). Never cached.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        health.MapGet("/ready", async (HttpContext http, HealthCheckService checks, CancellationToken ct) =>
                Plain(http, (await checks.CheckHealthAsync(r => r.Tags.Contains(ReadyTag), ct)).Status))
            .WithName("HealthReady")
            .WithSummary("Readiness: the database, its migrations, the configured geo and VPN databases, the postback worker. No authentication.")
            .WithDescription("200 `Healthy` (or `Degraded`) when every check passes, 503 `Unhealthy` when one fails: for a load balancer or a readiness probe. "
                             + "Plain text, no detail (GET /admin/health has it), never cached.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");

        var admin = app.MapGroup("/admin").RequireAdminToken().WithErrorShape(ProblemDetailsShape.Instance).WithTags("Admin");
        admin.MapGet("/health", async (HttpContext http, HealthCheckService checks, IOptions<DatabaseOptions> database, AdminToken token, CancellationToken ct) =>
            {
                var report = await checks.CheckHealthAsync(r => r.Tags.Contains(ReadyTag), ct);
                http.Response.Headers.CacheControl = "no-store";
                var secrets = Secrets(database.Value.ConnectionString, token.Current);
                return TypedResults.Ok(new HealthView(report.Status.ToString(), Math.Round(report.TotalDuration.TotalMilliseconds, 1),
                    report.Entries.Select(e => new HealthCheckView(e.Key, e.Value.Status.ToString(), Describe(e.Key, e.Value, secrets),
                        Math.Round(e.Value.Duration.TotalMilliseconds, 1))).ToList()));
            })
            .WithName("AdminHealth")
            .WithSummary("Every readiness check in detail: status, what it found and how long it took.")
            .WithDescription("The checks behind GET /health/ready, with the overall status. Always 200 (the status is in the body); never a connection string or a secret.")
            .Produces<HealthView>();
    }

    private static IResult Plain(HttpContext http, HealthStatus status)
    {
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(status.ToString(), "text/plain", statusCode: status == HealthStatus.Unhealthy
            ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    /// <summary>What a check found; a check that threw is described by its message, with any secret it might quote taken out, and the exception's type.</summary>
    private static string? Describe(string name, HealthReportEntry entry, IReadOnlyList<string> secrets)
    {
        // EF Core's check says nothing of its own.
        var text = entry.Description ?? (name, entry.Status) switch
        {
            ("database", HealthStatus.Healthy) => "The database answers.",
            ("database", _) => "The database does not answer (SQLite: its file is missing).",
            _ => null,
        };
        if (text is not null)
            foreach (var secret in secrets) text = text.Replace(secret, "***", StringComparison.Ordinal);
        return entry.Exception is { } e ? $"{text ?? "Failed"} ({e.GetType().Name})" : text;
    }

    /// <summary>The connection string, its password and the admin token: never shown, longest first (a password inside the connection string).</summary>
    private static List<string> Secrets(string connectionString, string adminToken)
    {
        var secrets = new List<string> { connectionString, adminToken };
        try
        {
            var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in new[] { "password", "pwd" })
                if (parts.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } password) secrets.Add(password);
        }
        catch (ArgumentException)
        {
            // Not a connection string the builder reads: the whole string is still taken out.
        }
        return secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length).ToList();
    }
}
