using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Offerwall.Data;

/// <summary>
/// Retention of PostgreSQL's monthly ledger partitions (docs/operations.md, "Retention"). A month is exported to
/// ledger-YYYY-MM.csv.gz (PostgreSQL's CSV with a header line, gzip) beside ledger-YYYY-MM.csv.gz.sha256 (what `sha256sum -c`
/// reads), checked row for row against the partition, and only then detached and dropped, in one transaction. The month's keys
/// stay in ledger_keys, so its payments can never be made again. <see cref="RestoreAsync"/> undoes it from the two files.
/// </summary>
public static class LedgerArchive
{
    /// <summary>One month's partition: its first day (UTC), its table and its rows.</summary>
    public sealed record Month(DateOnly First, string Table, long Rows)
    {
        public string FileName => $"ledger-{First:yyyy-MM}.csv.gz";
    }

    /// <summary>What an export or a restore did.</summary>
    public sealed record Outcome(DateOnly Month, string File, long Rows, string Sha256);

    /// <summary>The attached monthly partitions whose month ends on or before <paramref name="before"/>, oldest first.</summary>
    public static async Task<List<Month>> MonthsBeforeAsync(OfferwallDb db, DateOnly before, CancellationToken ct)
    {
        var tables = await db.Database.SqlQuery<string>($"""
            SELECT c.relname AS "Value" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'ledger'::regclass AND c.relname ~ '^ledger_[0-9][0-9][0-9][0-9]_[0-9][0-9]$'
            """).ToListAsync(ct);
        var months = new List<Month>();
        foreach (var table in tables.Order(StringComparer.Ordinal))
        {
            var first = DateOnly.ParseExact(table["ledger_".Length..], "yyyy_MM", CultureInfo.InvariantCulture);
            if (first >= before) continue;
            // The table name comes from the catalogue and matched the pattern above.
            var rows = await CountAsync(db, table, ct);
            months.Add(new Month(first, table, rows));
        }
        return months;
    }

    /// <summary>
    /// Exports <paramref name="month"/> into <paramref name="directory"/>, checks the file holds every row, then detaches and
    /// drops the partition and forgets the Data API's stored hour counts, all in one transaction: a failure anywhere leaves the
    /// month attached. <paramref name="progress"/> gets the rows written so far.
    /// </summary>
    public static async Task<Outcome> ExportAndDetachAsync(OfferwallDb db, Month month, string directory, IProgress<long>? progress,
        CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, month.FileName);
        var partial = path + ".partial";
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var pg = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Past months take no writes; this makes sure of it while the file is written.
            await ExecuteAsync(pg, $"LOCK TABLE \"{month.Table}\" IN SHARE MODE", ct);
            var rows = await CountAsync(db, month.Table, ct);
            long written;
            await using (var file = File.Create(partial))
            await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            await using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
            {
                using var reader = await pg.BeginTextExportAsync($"COPY \"{month.Table}\" TO STDOUT WITH (FORMAT csv, HEADER)", ct);
                written = await CopyCountingAsync(reader, writer, progress, ct) - 1;
            }
            if (written != rows)
                throw new InvalidOperationException($"{month.Table} has {rows} rows but {written} were written to {partial}; the month stays.");
            var sha = await Sha256Async(partial, ct);
            File.Move(partial, path, overwrite: true);
            await File.WriteAllTextAsync(path + ".sha256", $"{sha}  {month.FileName}\n", ct);

            // Waits at most 10 s for the ledger's readers and writers to let go (detaching locks the whole table, briefly).
            await ExecuteAsync(pg, "SET LOCAL lock_timeout = '10s'", ct);
            await ExecuteAsync(pg, $"ALTER TABLE ledger DETACH PARTITION \"{month.Table}\"", ct);
            await ExecuteAsync(pg, $"DROP TABLE \"{month.Table}\"", ct);
            await StoredLedgerCounts.ForgetAsync(db, null, ct);
            await tx.CommitAsync(ct);
            return new Outcome(month.First, path, rows, sha);
        }
        finally
        {
            File.Delete(partial);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Puts an archived month back from its export: checks the file against its .sha256, loads it into a new table, and attaches
    /// that as the month's partition, in one transaction. Refused when the month is already there with rows.
    /// </summary>
    public static async Task<Outcome> RestoreAsync(OfferwallDb db, string path, IProgress<long>? progress, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        if (!name.StartsWith("ledger-", StringComparison.Ordinal) || !name.EndsWith(".csv.gz", StringComparison.Ordinal)
            || !DateOnly.TryParseExact(name["ledger-".Length..^".csv.gz".Length], "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            throw new ArchiveException($"{name} is not an archived month: its name must be ledger-YYYY-MM.csv.gz.");
        if (!File.Exists(path)) throw new ArchiveException($"{path} does not exist.");
        var expected = File.Exists(path + ".sha256") ? (await File.ReadAllTextAsync(path + ".sha256", ct)).Split(' ')[0].Trim() : null;
        if (expected is null) throw new ArchiveException($"{path}.sha256 is missing: without it the file cannot be checked.");
        var sha = await Sha256Async(path, ct);
        if (!string.Equals(sha, expected, StringComparison.OrdinalIgnoreCase))
            throw new ArchiveException($"{name} does not match its checksum ({sha}, expected {expected}): it was changed or damaged.");

        var table = LedgerPartitions.TableOf(first);
        var (lo, hi) = (first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00",
            first.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00");
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var pg = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var existing = await db.Database.SqlQuery<bool>($"SELECT to_regclass({table}) IS NOT NULL AS \"Value\"").SingleAsync(ct);
            if (existing)
            {
                var rows = await CountAsync(db, table, ct);
                if (rows > 0) throw new ArchiveException($"{table} is in the ledger with {rows} rows: {first:yyyy-MM} was not archived, or is back already.");
                await ExecuteAsync(pg, $"DROP TABLE \"{table}\"", ct);
            }
            await ExecuteAsync(pg, $"CREATE TABLE \"{table}\" (LIKE ledger INCLUDING DEFAULTS)", ct);
            // The ranges the partition will be checked against on attach, stated first so attaching need not scan it again.
            await ExecuteAsync(pg, $"ALTER TABLE \"{table}\" ADD CONSTRAINT \"{table}_month\" CHECK (occurred_at >= '{lo}' AND occurred_at < '{hi}')", ct);
            long loaded;
            await using (var file = File.OpenRead(path))
            await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            using (var reader = new StreamReader(gzip, new UTF8Encoding(false)))
            {
                var header = await reader.ReadLineAsync(ct) ?? throw new ArchiveException($"{name} is empty.");
                var columns = string.Join(", ", header.Split(',').Select(c => "\"" + c.Trim('"').Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
                await using var writer = await pg.BeginTextImportAsync($"COPY \"{table}\" ({columns}) FROM STDIN WITH (FORMAT csv)", ct);
                loaded = await CopyCountingAsync(reader, writer, progress, ct);
            }
            await ExecuteAsync(pg, "SET LOCAL lock_timeout = '10s'", ct);
            await ExecuteAsync(pg, $"ALTER TABLE ledger ATTACH PARTITION \"{table}\" FOR VALUES FROM ('{lo}') TO ('{hi}')", ct);
            await ExecuteAsync(pg, $"ALTER TABLE \"{table}\" DROP CONSTRAINT \"{table}_month\"", ct);
            await StoredLedgerCounts.ForgetAsync(db, null, ct);
            await tx.CommitAsync(ct);
            return new Outcome(first, path, loaded, sha);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.BadCopyFileFormat or PostgresErrorCodes.InvalidTextRepresentation
                                              or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.CheckViolation
                                              or PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation
                                              or PostgresErrorCodes.InvalidDatetimeFormat or PostgresErrorCodes.NotNullViolation)
        {
            throw new ArchiveException($"{name} cannot be loaded into the ledger: {e.MessageText}");
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveException($"{name} is not a gzip file: {e.Message}");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Copies CSV text through, counting its records (a line break inside quotes is part of a field). Returns the records, header included.</summary>
    private static async Task<long> CopyCountingAsync(TextReader from, TextWriter to, IProgress<long>? progress, CancellationToken ct)
    {
        var buffer = new char[64 * 1024];
        var (records, quoted, last) = (0L, false, '\n');
        int n;
        while ((n = await from.ReadAsync(buffer.AsMemory(), ct)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                var c = buffer[i];
                if (c == '"') quoted = !quoted;
                else if (c == '\n' && !quoted) records++;
            }
            last = buffer[n - 1];
            await to.WriteAsync(buffer.AsMemory(0, n), ct);
            progress?.Report(Math.Max(0, records - 1));
        }
        return last == '\n' ? records : records + 1;
    }

    /// <summary>The rows of a partition whose name came from the catalogue or from <see cref="LedgerPartitions.TableOf"/>, never from input.</summary>
    private static async Task<long> CountAsync(OfferwallDb db, string table, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", (NpgsqlConnection)db.Database.GetDbConnection());
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }

    private static async Task ExecuteAsync(NpgsqlConnection pg, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        await command.ExecuteNonQueryAsync(ct);
    }
}
