using Microsoft.EntityFrameworkCore;

namespace Offerwall.Data;

/// <summary>
/// PostgreSQL's monthly partitions of the ledger (migration PartitionedLedger, docs/scaling.md): ledger_YYYY_MM holds the rows
/// whose occurred_at falls in that UTC month, ledger_default any row outside the months made so far. SQLite keeps one table.
/// </summary>
public static class LedgerPartitions
{
    /// <summary>Months made ahead of the current one, at every start and every day after.</summary>
    public const int MonthsAhead = 3;

    /// <summary>The partition of the month that holds <paramref name="month"/>: "ledger_2026_12".</summary>
    public static string TableOf(DateOnly month) => $"ledger_{month.Year:D4}_{month.Month:D2}";

    /// <summary>Makes the partitions of the current month and the <see cref="MonthsAhead"/> after it where missing. Returns how many were made.</summary>
    public static async Task<int> EnsureAheadAsync(OfferwallDb db, DateTime nowUtc, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return 0;
        var first = new DateOnly(nowUtc.Year, nowUtc.Month, 1);
        var made = 0;
        for (var i = 0; i <= MonthsAhead; i++)
        {
            var month = first.AddMonths(i);
            var result = await db.Database.SqlQuery<bool>($"SELECT ledger_add_month({month}) AS \"Value\"").ToListAsync(ct);
            if (result[0]) made++;
        }
        return made;
    }
}
