using System.Globalization;
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

    /// <summary>
    /// Makes the partitions of the current month and the <see cref="MonthsAhead"/> after it where missing, and those of any
    /// month that ledger_default holds rows of (its rows move in). Returns how many were made.
    /// </summary>
    public static async Task<int> EnsureAheadAsync(OfferwallDb db, DateTime nowUtc, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql() || !await PartitionedAsync(db, ct)) return 0;
        var first = new DateOnly(nowUtc.Year, nowUtc.Month, 1);
        var strays = await db.Database.SqlQuery<DateOnly>(
            $"SELECT DISTINCT (date_trunc('month', occurred_at AT TIME ZONE 'UTC'))::date AS \"Value\" FROM ledger_default").ToListAsync(ct);
        return await MakeAsync(db, Enumerable.Range(0, MonthsAhead + 1).Select(first.AddMonths).Concat(strays), ct);
    }

    /// <summary>Makes the partitions of these months where missing (before a bulk load writes rows in the past). Returns how many were made.</summary>
    public static async Task<int> EnsureAsync(OfferwallDb db, IEnumerable<DateOnly> months, CancellationToken ct) =>
        db.Database.IsNpgsql() && await PartitionedAsync(db, ct) ? await MakeAsync(db, months, ct) : 0;

    /// <summary>The first days of the months that have a partition attached (ledger_default aside), oldest first; none before the migration.</summary>
    public static async Task<List<DateOnly>> MonthsAsync(OfferwallDb db, CancellationToken ct)
    {
        var tables = await db.Database.SqlQuery<string>($"""
            SELECT c.relname AS "Value" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = to_regclass('ledger') AND c.relname ~ '^ledger_[0-9][0-9][0-9][0-9]_[0-9][0-9]$'
            """).ToListAsync(ct);
        return [.. tables.Select(t => DateOnly.ParseExact(t["ledger_".Length..], "yyyy_MM", CultureInfo.InvariantCulture)).Order()];
    }

    private static async Task<int> MakeAsync(OfferwallDb db, IEnumerable<DateOnly> months, CancellationToken ct)
    {
        var made = 0;
        foreach (var month in months.Select(m => new DateOnly(m.Year, m.Month, 1)).Distinct().Order())
        {
            var result = await db.Database.SqlQuery<bool>($"SELECT ledger_add_month({month}) AS \"Value\"").ToListAsync(ct);
            if (result[0]) made++;
        }
        return made;
    }

    /// <summary>False before the migration PartitionedLedger (a database migrated to an earlier point on purpose).</summary>
    private static async Task<bool> PartitionedAsync(OfferwallDb db, CancellationToken ct) =>
        await db.Database.SqlQuery<bool>($"SELECT to_regprocedure('ledger_add_month(date)') IS NOT NULL AS \"Value\"").SingleAsync(ct);
}
