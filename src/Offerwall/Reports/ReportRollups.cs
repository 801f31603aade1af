using Microsoft.EntityFrameworkCore;
using Offerwall.Data;

namespace Offerwall.Reports;

/// <summary>
/// The reports' rollups: for each UTC hour, partner, advertiser, offer, goal, country and platform, the clicks made,
/// the ledger's approvals and reversals with their revenue, cost and rewards, and the conversions cancelled.
/// Every source row is written at the current time, so an hour that ended a while ago (<see cref="Grace"/>) never
/// changes: it is added up once, from its own rows only (each source has an index on its time), the first time a
/// report needs it, and stored with a coverage row (<see cref="ReportCoverage"/>) in one transaction; two servers
/// racing for the same hour collide on the coverage key and the loser reads the winner's. Hours not yet closed are
/// added up live from the same query. Pending conversions are a state, not an event: they are counted live, by the
/// hour they arrived. Bulk loads, which write in the past, drop the stored hours (<see cref="StoredReports"/>).
/// Hours are always stored on the primary; with a read replica, <see cref="MissingAsync"/> on the replica says which of them it
/// has replayed (docs/scaling.md).
/// </summary>
public static class ReportRollups
{
    /// <summary>How long after an hour ends its rows are taken as final (longer than any transaction runs).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    /// <summary>The most hours one transaction adds up.</summary>
    private const int Chunk = 24;

    /// <summary>The first hour that is not closed at <paramref name="now"/>.</summary>
    public static long ClosedEnd(DateTime now) => ReportZone.HourOf(now - Grace);

    /// <summary>
    /// Stores every closed hour of [from, to) not stored yet, on <paramref name="db"/> (the primary); answers the hours it could not store
    /// (another server kept winning).
    /// </summary>
    public static async Task<List<(long From, long To)>> EnsureAsync(OfferwallDb db, long from, long to, CancellationToken ct)
    {
        var missing = new List<(long From, long To)>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            missing = await MissingAsync(db, from, to, ct);
            if (missing.Count == 0) return missing;
            try
            {
                foreach (var (start, end) in missing)
                    for (var chunk = start; chunk < end; chunk += Chunk)
                        await StoreAsync(db, chunk, Math.Min(chunk + Chunk, end), ct);
                return [];
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();   // another server stored some of these hours first: look again
            }
        }
        return missing;
    }

    /// <summary>The runs of hours of [from, to) without a coverage row, in order.</summary>
    public static async Task<List<(long From, long To)>> MissingAsync(OfferwallDb db, long from, long to, CancellationToken ct)
    {
        var covered = await db.ReportCoverage.AsNoTracking().Where(c => c.Hour >= from && c.Hour < to)
            .OrderBy(c => c.Hour).Select(c => c.Hour).ToListAsync(ct);
        return Complement(covered.Select(hour => (hour, hour + 1)), from, to);
    }

    /// <summary>The runs of hours of [from, to) that are not in <paramref name="runs"/> (runs in order, within [from, to)).</summary>
    public static List<(long From, long To)> Complement(IEnumerable<(long From, long To)> runs, long from, long to)
    {
        var rest = new List<(long, long)>();
        var next = from;
        foreach (var (start, end) in runs.Append((to, to)))
        {
            if (next < start) rest.Add((next, start));
            next = Math.Max(next, end);
        }
        return rest;
    }

    private static async Task StoreAsync(OfferwallDb db, long from, long to, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The coverage first: a server that stores the same hours at once fails here, before adding anything up.
        for (var hour = from; hour < to; hour++) db.ReportCoverage.Add(new ReportCoverage { Hour = hour });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        // Built from constants only: the values are parameters.
        var insert = "INSERT INTO report_hours (hour, partner_id, advertiser_id, offer_id, goal_id, country, platform, "
            + "clicks, approved, cancelled, reversals, revenue, cost, reward_local) "
            + "SELECT hour, partner_id, advertiser_id, offer_id, goal_id, country, platform, "
            + "clicks, approved, cancelled, reversals, revenue, cost, reward_local FROM (" + SourceSql(db) + ") s";
        await db.Database.ExecuteSqlRawAsync(insert, [ReportZone.ToUtc(from), ReportZone.ToUtc(to)], ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The hours [from, to) added up straight from the clicks, the ledger and the conversions (pending ones too).</summary>
    public static async Task<List<RollupRow>> LiveAsync(OfferwallDb db, long from, long to, CancellationToken ct)
    {
        var rows = await db.Database.SqlQueryRaw<RollupRow>(SourceSql(db), ReportZone.ToUtc(from), ReportZone.ToUtc(to)).ToListAsync(ct);
        return rows;
    }

    /// <summary>Pending conversions that arrived in [from, to), by hour (a state, so never stored).</summary>
    public static async Task<List<RollupRow>> PendingAsync(OfferwallDb db, long from, long to, CancellationToken ct)
    {
        var hour = HourSql(db, "c.created_at");
        var sql = $"""
            SELECT {hour} AS hour, c.partner_id, o.advertiser_id, c.offer_id, c.goal_id, c.country, c.platform,
                   0 AS clicks, 0 AS approved, count(*) AS pending, 0 AS cancelled, 0 AS reversals, 0 AS revenue, 0 AS cost, 0 AS reward_local
            FROM conversions c JOIN offers o ON o.id = c.offer_id
            WHERE c.status = {(int)ConversionStatus.Pending} AND c.created_at >= {"{0}"} AND c.created_at < {"{1}"}
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            """;
        return await db.Database.SqlQueryRaw<RollupRow>(sql, ReportZone.ToUtc(from), ReportZone.ToUtc(to)).ToListAsync(ct);
    }

    /// <summary>A timestamp column as hours since 1970-01-01 UTC (text on SQLite, timestamptz on PostgreSQL).</summary>
    public static string HourSql(OfferwallDb db, string column) => db.Database.IsNpgsql()
        ? $"floor(extract(epoch from {column}) / 3600)::bigint"
        : $"(CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER) / 3600)";

    /// <summary>
    /// One query over the three sources of [{0}, {1}), each read by its time index, grouped by hour and dimensions.
    /// A ledger reversal counts its conversion's amounts negatively, so the sums are net.
    /// </summary>
    private static string SourceSql(OfferwallDb db)
    {
        var sum = db.Database.IsNpgsql() ? "::bigint" : "";
        var reverse = db.Database.IsNpgsql() ? "l.reverse" : "l.reverse = 1";
        return $"""
            SELECT hour, partner_id, advertiser_id, offer_id, goal_id, country, platform,
                   sum(clicks){sum} AS clicks, sum(approved){sum} AS approved, 0 AS pending, sum(cancelled){sum} AS cancelled,
                   sum(reversals){sum} AS reversals, sum(revenue){sum} AS revenue, sum(cost){sum} AS cost, sum(reward_local){sum} AS reward_local
            FROM (
                SELECT {HourSql(db, "k.created_at")} AS hour, k.partner_id, o.advertiser_id, k.offer_id, 0 AS goal_id, k.country, k.platform,
                       1 AS clicks, 0 AS approved, 0 AS cancelled, 0 AS reversals, 0 AS revenue, 0 AS cost, 0 AS reward_local
                FROM clicks k JOIN offers o ON o.id = k.offer_id
                WHERE k.created_at >= {"{0}"} AND k.created_at < {"{1}"}
                UNION ALL
                SELECT {HourSql(db, "l.occurred_at")}, l.partner_id, o.advertiser_id, c.offer_id, c.goal_id, l.country, l.platform,
                       0, CASE WHEN {reverse} THEN 0 ELSE 1 END, 0, CASE WHEN {reverse} THEN 1 ELSE 0 END,
                       CASE WHEN {reverse} THEN -c.advertiser_payout ELSE c.advertiser_payout END,
                       CASE WHEN {reverse} THEN -l.payout ELSE l.payout END,
                       CASE WHEN {reverse} THEN -l.reward_local ELSE l.reward_local END
                FROM ledger l JOIN conversions c ON c.id = l.transaction_id JOIN offers o ON o.id = c.offer_id
                WHERE l.occurred_at >= {"{0}"} AND l.occurred_at < {"{1}"}
                UNION ALL
                SELECT {HourSql(db, "c.decided_at")}, c.partner_id, o.advertiser_id, c.offer_id, c.goal_id, c.country, c.platform,
                       0, 0, 1, 0, 0, 0, 0
                FROM conversions c JOIN offers o ON o.id = c.offer_id
                WHERE c.status = {(int)ConversionStatus.Cancelled} AND c.decided_at >= {"{0}"} AND c.decided_at < {"{1}"}
            ) s
            GROUP BY hour, partner_id, advertiser_id, offer_id, goal_id, country, platform
            """;
    }
}
