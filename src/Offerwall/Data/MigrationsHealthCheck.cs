using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Offerwall.Data;

/// <summary>
/// Readiness: the database's schema is the one this version of the server was built for. The server migrates at start, so this fails for
/// a node whose database is behind (a migration not applied: another node's migration failed, or the database was replaced) or ahead
/// (a migration this version does not know: a newer version migrated it, and this node would write rows the new schema may refuse).
/// </summary>
public sealed class MigrationsHealthCheck(OfferwallDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var unknown = applied.Except(known, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var pending = known.Except(applied, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"The database has {unknown.Count} migration(s) this version does not know (newest {unknown[^1]}): a newer version migrated it.");
        if (pending.Count > 0)
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"{pending.Count} of {known.Count} migration(s) not applied (newest {pending[^1]}): the database is behind this version.");
        return HealthCheckResult.Healthy($"All {known.Count} migrations applied (newest {known.LastOrDefault() ?? "none"}).");
    }
}
