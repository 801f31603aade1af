using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Offerwall.Data;

/// <summary>
/// PostgreSQL: next month's ledger partition is made, and ledger_default holds no row (<see cref="LedgerPartitions"/>). Either failing is
/// Degraded, not Unhealthy: payments still go through (into ledger_default), and the daily round puts it right, but it means that round
/// did not run or failed. On SQLite the ledger is one table and this is always Healthy.
/// </summary>
public sealed class LedgerMonthsHealthCheck(OfferwallDb db, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsNpgsql()) return HealthCheckResult.Healthy("SQLite: the ledger is one table, not partitioned by month.");
        var now = clock.GetUtcNow().UtcDateTime;
        var next = new DateOnly(now.Year, now.Month, 1).AddMonths(1);
        var months = await LedgerPartitions.MonthsAsync(db, cancellationToken);
        if (months.Count == 0) return HealthCheckResult.Healthy("The ledger is not partitioned yet (migration PartitionedLedger not applied).");
        if (!months.Contains(next))
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"Next month's partition ({LedgerPartitions.TableOf(next)}) is not made: the daily round has not run or failed (see the log). "
                + "Its rows would wait in ledger_default.");
        if (await db.Database.SqlQuery<bool>($"SELECT EXISTS (SELECT 1 FROM ledger_default) AS \"Value\"").SingleAsync(cancellationToken))
            return new HealthCheckResult(context.Registration.FailureStatus,
                "ledger_default holds rows of months without a partition: the next daily round (or a node's start) moves them into their months.");
        return HealthCheckResult.Healthy($"Monthly partitions through {LedgerPartitions.TableOf(months[^1])}; ledger_default is empty.");
    }
}
