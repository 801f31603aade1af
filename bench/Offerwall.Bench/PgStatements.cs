using System.Globalization;
using Npgsql;

namespace Offerwall.Bench;

/// <summary>
/// What the database ran for one request, as pg_stat_statements counts it: every statement, the explicit transactions (COMMITs), and
/// the statements Npgsql sends in the same round trip as the next one (the DISCARD ALL that resets a pooled connection, and BEGIN).
/// </summary>
public sealed record StatementCount(long Requests, long Statements, long Transactions, long Piggybacked)
{
    private double Per(long n) => Requests == 0 ? double.NaN : (double)n / Requests;

    /// <summary>"12.0 / ≈ 6.00 / 0.00 tx": statements, round trips (statements less the piggybacked ones) and transactions per request.</summary>
    public string Describe() => $"{Fmt.Ms(Per(Statements))} / ≈ {Fmt.Ms(Per(Statements - Piggybacked))} / {Fmt.Ms(Per(Transactions))} tx";
}

/// <summary>
/// Statements per request on PostgreSQL, read from pg_stat_statements (scripts/bench preloads it with shared_preload_libraries;
/// the bench creates the extension in the server's database). One short load of the path at a few connections, between a reset of
/// the counters and a read of <c>sum(calls)</c> over the server's database (the bench's own statements on the extension left out),
/// divided by the requests answered. Everything the server ran in that time counts: a background worker's polls too (a few per
/// second at most, against hundreds of requests). BEGIN, COMMIT and DISCARD ALL are statements of their own here; Npgsql sends a
/// BEGIN, and the DISCARD ALL that resets a connection taken again from its pool, in the same round trip as the statement after it,
/// so the round trips are estimated as the statements less those two (EF Core's batches of writes, one round trip for several
/// statements, would make it an upper bound). Null on SQLite, or when the extension is not loaded (the reason is printed).
/// </summary>
public static class PgStatements
{
    private const int Connections = 4;
    private const double Seconds = 3;

    public static async Task<StatementCount?> MeasureAsync(RunOptions o, string what, Func<int, Operation> operation, CancellationToken ct)
    {
        if (o.Engine != "postgres") return null;
        await using var connection = (NpgsqlConnection)InsertBaseline.Open(o.Engine, o.Db);
        await connection.OpenAsync(ct);
        try
        {
            await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", ct);
            await ExecuteAsync(connection, "SELECT pg_stat_statements_reset()", ct);
        }
        catch (PostgresException e)
        {
            Console.WriteLine($"  pg_stat_statements unavailable ({e.MessageText}): no statement counts for {what}");
            return null;
        }
        var run = await Load.RunAsync(Connections, Seconds, operation, ct);
        Load.Print($"statements {what}", run, "requests");
        await using var read = new NpgsqlCommand("""
            SELECT coalesce(sum(calls), 0)::bigint,
                   coalesce(sum(calls) FILTER (WHERE upper(query) IN ('COMMIT', 'COMMIT TRANSACTION')), 0)::bigint,
                   coalesce(sum(calls) FILTER (WHERE upper(query) = 'DISCARD ALL' OR upper(query) LIKE 'BEGIN%'), 0)::bigint
            FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat_statements%'
            """, connection);
        StatementCount count;
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            count = new StatementCount(run.Ok, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        // Which statements, for the log: the most called first, per request.
        await using var top = new NpgsqlCommand("""
            SELECT calls, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
            FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat_statements%'
            ORDER BY calls DESC LIMIT 16
            """, connection);
        await using (var reader = await top.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                Console.WriteLine($"    {Fmt.Ms(run.Ok == 0 ? double.NaN : reader.GetInt64(0) / (double)run.Ok)} × {reader.GetString(1)}");
        }
        Console.WriteLine($"  statements per request, {what}: {count.Describe()} ({Fmt.Int(count.Statements)} statements for {Fmt.Int(run.Ok)} requests; " +
                          $"{run.Failures.ToString(CultureInfo.InvariantCulture)} failures)");
        return count;
    }

    /// <summary>The table row: statements per request of the server's path and of its baseline (either may be unmeasured).</summary>
    public static void AddRow(ResultTable t, string phase, string measure, StatementCount? ours, StatementCount? theirs)
    {
        if (ours is null && theirs is null) return;
        t.Add(phase, $"  {measure}: per request, statements / ≈ round trips / transactions (pg_stat_statements)", ours?.Describe() ?? "", theirs?.Describe() ?? "");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
