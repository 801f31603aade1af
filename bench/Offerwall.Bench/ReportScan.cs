using System.Data.Common;
using System.Globalization;

namespace Offerwall.Bench;

/// <summary>A report's answer reduced to what the bench checks: its row count and its totals (amounts in micro-units).</summary>
public sealed record ReportAnswer(long Rows, long Clicks, long Approved, long Pending, long Cancelled, long Reversals, long RevenueMicros, long CostMicros)
{
    public override string ToString() =>
        $"{Rows} rows, {Clicks} clicks, {Approved} approved, {Pending} pending, {Cancelled} cancelled, {Reversals} reversals, " +
        $"revenue {RevenueMicros / 1e6:F6}, cost {CostMicros / 1e6:F6}";
}

/// <summary>
/// The reports' baseline: the same answer as GET /admin/reports, computed the obvious way, by one GROUP BY over the
/// rows of the range themselves: the ledger joined to the conversions (approvals, reversals, revenue and cost), and
/// beside them the clicks, the cancelled and the pending conversions, exactly as the server counts each
/// (src/Offerwall/Reports/ReportRollups.cs). UTC days. One connection per worker, opened at its first query.
/// </summary>
public sealed class ReportScan(string engine, string connectionString) : IAsyncDisposable
{
    // ConversionStatus in src/Offerwall/Data: Pending = 0, Cancelled = 2.
    private const int Pending = 0;
    private const int Cancelled = 2;

    private readonly List<DbConnection> _connections = [];

    /// <summary>The SQL for a grouping of "day", "offer", "partner" and "country" (any, comma-separated); @from and @to bound the times.</summary>
    public string Sql(string groupBy)
    {
        var postgres = engine == "postgres";
        string Day(string column) => postgres ? $"floor(extract(epoch from {column}) / 86400)::bigint" : $"substr({column}, 1, 10)";
        var reverse = postgres ? "l.reverse" : "l.reverse = 1";
        var sum = postgres ? "::bigint" : "";
        var dimensions = groupBy.Split(',');
        var keys = string.Join(", ", dimensions);
        return $"""
            SELECT {keys}, sum(clicks){sum}, sum(approved){sum}, sum(pending){sum}, sum(cancelled){sum}, sum(reversals){sum},
                   sum(revenue){sum}, sum(cost){sum}
            FROM (
                SELECT {Day("k.created_at")} AS day, k.offer_id AS offer, k.partner_id AS partner, k.country,
                       1 AS clicks, 0 AS approved, 0 AS pending, 0 AS cancelled, 0 AS reversals, 0 AS revenue, 0 AS cost
                FROM clicks k WHERE k.created_at >= @from AND k.created_at < @to
                UNION ALL
                SELECT {Day("l.occurred_at")}, c.offer_id, l.partner_id, l.country,
                       0, CASE WHEN {reverse} THEN 0 ELSE 1 END, 0, 0, CASE WHEN {reverse} THEN 1 ELSE 0 END,
                       CASE WHEN {reverse} THEN -c.advertiser_payout ELSE c.advertiser_payout END, CASE WHEN {reverse} THEN -l.payout ELSE l.payout END
                FROM ledger l JOIN conversions c ON c.id = l.transaction_id WHERE l.occurred_at >= @from AND l.occurred_at < @to
                UNION ALL
                SELECT {Day("c.decided_at")}, c.offer_id, c.partner_id, c.country, 0, 0, 0, 1, 0, 0, 0
                FROM conversions c WHERE c.status = {Cancelled} AND c.decided_at >= @from AND c.decided_at < @to
                UNION ALL
                SELECT {Day("c.created_at")}, c.offer_id, c.partner_id, c.country, 0, 0, 1, 0, 0, 0, 0
                FROM conversions c WHERE c.status = {Pending} AND c.created_at >= @from AND c.created_at < @to
            ) s
            GROUP BY {keys}
            """;
    }

    /// <summary>Runs the scan for the UTC days from..to (both included) on a connection of this scan's own; its rows and their sums.</summary>
    public async Task<ReportAnswer> RunAsync(string groupBy, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var connection = InsertBaseline.Open(engine, connectionString);
        await connection.OpenAsync(ct);
        lock (_connections) _connections.Add(connection);
        var answer = await RunAsync(connection, groupBy, from, to, ct);
        lock (_connections) _connections.Remove(connection);
        await connection.DisposeAsync();
        return answer;
    }

    /// <summary>A worker's query function: the same scan on one connection kept for all its queries.</summary>
    public Func<string, DateOnly, DateOnly, CancellationToken, Task<ReportAnswer>> Worker()
    {
        DbConnection? connection = null;
        return async (groupBy, from, to, ct) =>
        {
            if (connection is null)
            {
                connection = InsertBaseline.Open(engine, connectionString);
                lock (_connections) _connections.Add(connection);
                await connection.OpenAsync(ct);
            }
            return await RunAsync(connection, groupBy, from, to, ct);
        };
    }

    private async Task<ReportAnswer> RunAsync(DbConnection connection, string groupBy, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql(groupBy);
        Add("@from", from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        Add("@to", to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var width = groupBy.Split(',').Length;
        long rows = 0;
        var sums = new long[7];
        // Microsoft.Data.Sqlite has no asynchronous I/O (its async methods block too); each load worker has a thread of its own.
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows++;
            for (var i = 0; i < sums.Length; i++) sums[i] += reader.GetInt64(width + i);
        }
        return new ReportAnswer(rows, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6]);

        void Add(string name, DateTime value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            // Times as the server stores them: timestamptz on PostgreSQL, EF's text form on SQLite.
            parameter.Value = engine == "postgres" ? value : value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            command.Parameters.Add(parameter);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<DbConnection> open;
        lock (_connections) open = [.. _connections];
        foreach (var connection in open) await connection.DisposeAsync();
    }
}
