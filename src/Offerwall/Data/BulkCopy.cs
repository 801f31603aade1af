using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Offerwall.Data;

/// <summary>
/// Inserts many rows of one entity type fast, with their ids set by the caller: PostgreSQL's binary
/// COPY, or on SQLite one prepared INSERT reused inside one transaction. Column names and value
/// conversions (money, enums) come from the EF model, so this cannot drift from the schema.
/// Written by hand because EF Core has no bulk path; used by the demo and benchmark data.
/// </summary>
public static class BulkCopy
{
    public static async Task InsertAsync<T>(OfferwallDb db, IReadOnlyCollection<T> rows, CancellationToken ct = default) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T)} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => new Column(
            p.GetColumnName(table)!, p.GetGetter(), p.GetTypeMapping().Converter)).ToArray();

        // PostgreSQL: the ledger's rows go to their months' partitions, made first where missing (never to ledger_default).
        if (rows is IReadOnlyCollection<LedgerEntry> ledger)
            await LedgerPartitions.EnsureAsync(db, ledger.Select(l => DateOnly.FromDateTime(l.OccurredAt)).Distinct(), ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (db.Database.GetDbConnection() is NpgsqlConnection pg)
                await CopyAsync(pg, table.Name, columns, rows, ct);
            else
                await InsertBatchAsync(db.Database.GetDbConnection(), table.Name, columns, rows, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        // Rows written in the past invalidate the Data API's stored hour counts.
        if (typeof(T) == typeof(LedgerEntry))
            await StoredLedgerCounts.ForgetAsync(db, null, ct);
        // And the reports' rollups of the hours they fall in.
        if (typeof(T) == typeof(LedgerEntry) || typeof(T) == typeof(Click) || typeof(T) == typeof(Conversion))
            await StoredReports.ForgetAsync(db, ct);
    }

    /// <summary>After explicit ids, move PostgreSQL's identity past them (SQLite's AUTOINCREMENT follows by itself).</summary>
    public static async Task ResetIdentityAsync<T>(OfferwallDb db, CancellationToken ct = default) where T : class
    {
        if (!db.Database.IsNpgsql()) return;
        var table = db.Model.FindEntityType(typeof(T))!.GetTableName()!;
        // The table name comes from the model, never from input.
        var sql = $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), GREATEST((SELECT MAX(id) FROM \"{table}\"), 1))";
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }

    /// <summary>
    /// After a bulk load, the planner's statistics: until autovacuum gets to them (PostgreSQL) or forever
    /// (SQLite), the planner would take the loaded tables for nearly empty and could choose scans that
    /// only suit tiny tables.
    /// </summary>
    public static async Task AnalyzeAsync(OfferwallDb db, CancellationToken ct = default) =>
        await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);

    private sealed record Column(string Name, IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter)
    {
        public object? ValueOf(object row)
        {
            var value = Getter.GetClrValueUsingContainingEntity(row);
            return value is null || Converter is null ? value : Converter.ConvertToProvider(value);
        }
    }

    private static async Task CopyAsync<T>(NpgsqlConnection pg, string table, Column[] columns, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        var sql = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await pg.BeginBinaryImportAsync(sql, ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            foreach (var column in columns)
            {
                switch (column.ValueOf(row))
                {
                    case null: await writer.WriteNullAsync(ct); break;
                    case long v: await writer.WriteAsync(v, ct); break;
                    case int v: await writer.WriteAsync(v, ct); break;
                    case bool v: await writer.WriteAsync(v, ct); break;
                    case string v: await writer.WriteAsync(v, ct); break;
                    case DateTime v: await writer.WriteAsync(v, ct); break;
                    case Guid v: await writer.WriteAsync(v, ct); break;
                    case var v: throw new NotSupportedException($"Bulk copy of {v.GetType()} in {table}.{column.Name}");
                }
            }
        }
        await writer.CompleteAsync(ct);
    }

    private static async Task InsertBatchAsync<T>(DbConnection connection, string table, Column[] columns, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
                              $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var parameters = columns.Select((_, i) =>
        {
            var p = command.CreateParameter();
            p.ParameterName = $"$p{i}";
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        await command.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
                parameters[i].Value = columns[i].ValueOf(row) switch
                {
                    null => DBNull.Value,
                    // Stored the way EF's SQLite provider stores them, so EF reads them back.
                    DateTime v => v.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture),
                    Guid v => v.ToString().ToUpperInvariant(),
                    var v => v,
                };
            await command.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }
}
