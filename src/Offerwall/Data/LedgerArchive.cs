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
/// reads), read back from disk and counted against the partition, and only then detached and dropped, in one transaction. The month's
/// keys stay in ledger_keys, so its payments can never be made again. <see cref="RestoreAsync"/> undoes it from the two files.
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
        var months = new List<Month>();
        foreach (var first in (await LedgerPartitions.MonthsAsync(db, ct)).Where(m => m < before))
        {
            var table = LedgerPartitions.TableOf(first);
            months.Add(new Month(first, table, await CountAsync(db, table, ct)));
        }
        return months;
    }

    /// <summary>
    /// Exports <paramref name="month"/> into <paramref name="directory"/>, reads the written file back to check it holds every row,
    /// then detaches and drops the partition and forgets the Data API's stored hour counts, all in one transaction: a failure anywhere
    /// leaves the month attached. <paramref name="progress"/> gets the rows written so far.
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
            await ExecuteAsync(pg, PortableText, ct);
            // Past months take no writes; this makes sure of it while the file is written.
            await ExecuteAsync(pg, $"LOCK TABLE \"{month.Table}\" IN SHARE MODE", ct);
            var rows = await CountAsync(db, month.Table, ct);
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
                await using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
                {
                    using var reader = await pg.BeginTextExportAsync($"COPY \"{month.Table}\" TO STDOUT WITH (FORMAT csv, HEADER)", ct);
                    await CopyCountingAsync(reader, writer, progress, ct);
                }
                file.Flush(flushToDisk: true);
            }
            // What counts is what is on disk: read it back once, counting its records and hashing its bytes.
            long written;
            string sha;
            using (var hash = SHA256.Create())
            {
                await using (var file = File.OpenRead(partial))
                await using (var hashed = new CryptoStream(file, hash, CryptoStreamMode.Read))
                {
                    await using (var gzip = new GZipStream(hashed, CompressionMode.Decompress, leaveOpen: true))
                    using (var reader = new StreamReader(gzip, new UTF8Encoding(false)))
                        written = await CopyCountingAsync(reader, TextWriter.Null, null, ct) - 1;
                    await hashed.CopyToAsync(Stream.Null, ct); // any bytes after the gzip member, hashed too
                }
                sha = Convert.ToHexStringLower(hash.Hash!);
            }
            if (written != rows)
                throw new ArchiveException($"{month.Table} has {rows} rows but {partial} holds {written}; the month stays in the ledger.");
            File.Move(partial, path, overwrite: true);
            await File.WriteAllTextAsync(path + ".sha256", $"{sha}  {month.FileName}\n", ct);
            await using (var sum = new FileStream(path + ".sha256", FileMode.Open, FileAccess.ReadWrite)) sum.Flush(flushToDisk: true);

            // Detaching locks the whole ledger, briefly; while it waits for that lock every other reader and writer of the ledger queues
            // behind it. So it waits 2 s at most, and tries again a few times, letting the queue through in between.
            for (var attempt = 1; ; attempt++)
            {
                await ExecuteAsync(pg, "SAVEPOINT detach; SET LOCAL lock_timeout = '2s'", ct);
                try
                {
                    await ExecuteAsync(pg, $"ALTER TABLE ledger DETACH PARTITION \"{month.Table}\"", ct);
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable && attempt < 5)
                {
                    await ExecuteAsync(pg, "ROLLBACK TO SAVEPOINT detach", ct);
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
                {
                    throw new ArchiveException($"{month.Table} could not be detached: the ledger stayed busy for 5 tries of 2 s. The export is written; "
                                               + "run the command again.");
                }
            }
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

    /// <summary>True when <paramref name="path"/>'s name is an export's (ledger-YYYY-MM.csv.gz); <paramref name="month"/> is its month.</summary>
    public static bool IsExportName(string path, out DateOnly month)
    {
        var name = Path.GetFileName(path);
        month = default;
        return name.StartsWith("ledger-", StringComparison.Ordinal) && name.EndsWith(".csv.gz", StringComparison.Ordinal)
            && DateOnly.TryParseExact(name["ledger-".Length..^".csv.gz".Length], "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);
    }

    /// <summary>Whether the month's partition is in the ledger with rows (a restore of it would be refused).</summary>
    public static async Task<bool> IsInLedgerAsync(OfferwallDb db, DateOnly month, CancellationToken ct)
    {
        return await CountAsync(db, LedgerPartitions.TableOf(month), ct, missingIsZero: true) > 0;
    }

    /// <summary>
    /// Puts an archived month back from its export. The file is checked against its .sha256, then loaded, indexed and its foreign key
    /// to conversions checked in a table of its own, outside the ledger (the ledger and conversions are not held meanwhile). Then, in
    /// one short transaction, its keys go back into ledger_keys and it is attached as the month's partition. Refused when the month
    /// is in the ledger with rows, or when one of its payments is in the ledger in another month.
    /// </summary>
    public static async Task<Outcome> RestoreAsync(OfferwallDb db, string path, IProgress<long>? progress, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        if (!IsExportName(path, out var first)) throw new ArchiveException($"{name} is not an archived month: its name must be ledger-YYYY-MM.csv.gz.");
        if (!File.Exists(path)) throw new ArchiveException($"{path} does not exist.");
        var expected = File.Exists(path + ".sha256") ? (await File.ReadAllTextAsync(path + ".sha256", ct)).Split(' ')[0].Trim() : null;
        if (expected is null) throw new ArchiveException($"{path}.sha256 is missing: without it the file cannot be checked.");
        var sha = await Sha256Async(path, ct);
        if (!string.Equals(sha, expected, StringComparison.OrdinalIgnoreCase))
            throw new ArchiveException($"{name} does not match its checksum ({sha}, expected {expected}): it was changed or damaged.");
        if (await IsInLedgerAsync(db, first, ct))
            throw new ArchiveException($"{LedgerPartitions.TableOf(first)} is in the ledger with rows: {first:yyyy-MM} was not archived, or is back already.");

        var table = LedgerPartitions.TableOf(first);
        var staging = table + "_restoring";
        var (lo, hi) = (first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00",
            first.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00");
        await db.Database.OpenConnectionAsync(ct);
        var pg = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            long loaded;
            await ExecuteAsync(pg, $"DROP TABLE IF EXISTS \"{staging}\"", ct);
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                await ExecuteAsync(pg, PortableText, ct);
                // The ledger's columns, defaults and indexes (it then adopts them on attach); the month's range, so attaching need not scan it.
                await ExecuteAsync(pg, $"CREATE TABLE \"{staging}\" (LIKE ledger INCLUDING DEFAULTS INCLUDING INDEXES)", ct);
                await ExecuteAsync(pg, $"ALTER TABLE \"{staging}\" ADD CONSTRAINT \"{staging}_month\" CHECK (occurred_at >= '{lo}' AND occurred_at < '{hi}')", ct);
                await using (var file = File.OpenRead(path))
                await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
                using (var reader = new StreamReader(gzip, new UTF8Encoding(false)))
                {
                    var header = await reader.ReadLineAsync(ct) ?? throw new ArchiveException($"{name} is empty.");
                    var columns = string.Join(", ", header.Split(',').Select(c => "\"" + c.Trim('"').Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
                    await using var writer = await pg.BeginTextImportAsync($"COPY \"{staging}\" ({columns}) FROM STDIN WITH (FORMAT csv)", ct);
                    loaded = await CopyCountingAsync(reader, writer, progress, ct);
                }
                await tx.CommitAsync(ct);
            }
            // Adding the key NOT VALID holds conversions only for a moment; checking it then blocks no writer.
            await ExecuteAsync(pg, $"ALTER TABLE \"{staging}\" ADD CONSTRAINT fk_ledger_conversions_transaction_id FOREIGN KEY (transaction_id) "
                                   + "REFERENCES conversions (id) ON DELETE CASCADE NOT VALID", ct);
            await ExecuteAsync(pg, $"ALTER TABLE \"{staging}\" VALIDATE CONSTRAINT fk_ledger_conversions_transaction_id", ct);

            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                await ExecuteAsync(pg, "SELECT pg_advisory_xact_lock(hashtext('ledger_add_month'))", ct);
                if (await CountAsync(db, table, ct, missingIsZero: true) > 0)
                    throw new ArchiveException($"{table} is in the ledger with rows: {first:yyyy-MM} is back already.");
                await ExecuteAsync(pg, $"DROP TABLE IF EXISTS \"{table}\"", ct);
                var paidElsewhere = await ScalarAsync(pg, $"""
                    SELECT count(*) FROM "{staging}" s JOIN ledger l ON l.transaction_id = s.transaction_id AND l.reverse = s.reverse
                    """, ct);
                if (paidElsewhere > 0)
                    throw new ArchiveException($"{paidElsewhere} rows of {name} are in the ledger already, in another month: it is not loaded.");
                await ExecuteAsync(pg, $"INSERT INTO ledger_keys (transaction_id, reverse) SELECT transaction_id, reverse FROM \"{staging}\" "
                                       + "ON CONFLICT DO NOTHING", ct);
                await ExecuteAsync(pg, $"ALTER TABLE \"{staging}\" RENAME TO \"{table}\"", ct);
                await ExecuteAsync(pg, "SET LOCAL lock_timeout = '10s'", ct);
                await ExecuteAsync(pg, $"ALTER TABLE ledger ATTACH PARTITION \"{table}\" FOR VALUES FROM ('{lo}') TO ('{hi}')", ct);
                await ExecuteAsync(pg, $"ALTER TABLE \"{table}\" DROP CONSTRAINT \"{staging}_month\"", ct);
                await StoredLedgerCounts.ForgetAsync(db, null, ct);
                await tx.CommitAsync(ct);
            }
            await ExecuteAsync(pg, $"ANALYZE \"{table}\"", ct);
            return new Outcome(first, path, loaded, sha);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.BadCopyFileFormat or PostgresErrorCodes.InvalidTextRepresentation
                                              or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.CheckViolation
                                              or PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation
                                              or PostgresErrorCodes.InvalidDatetimeFormat or PostgresErrorCodes.NotNullViolation
                                              or PostgresErrorCodes.LockNotAvailable)
        {
            throw new ArchiveException($"{name} cannot be loaded into the ledger: {e.MessageText}");
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveException($"{name} is not a gzip file: {e.Message}");
        }
        finally
        {
            // A restore that failed leaves nothing behind (the staging table is not part of the ledger).
            try { await ExecuteAsync(pg, $"DROP TABLE IF EXISTS \"{staging}\"", CancellationToken.None); }
            catch (NpgsqlException) { }
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
    private static async Task<long> CountAsync(OfferwallDb db, string table, CancellationToken ct, bool missingIsZero = false)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var pg = (NpgsqlConnection)db.Database.GetDbConnection();
            if (missingIsZero && await ScalarAsync(pg, $"SELECT count(*) FROM pg_class WHERE relname = '{table}'", ct) == 0) return 0;
            return await ScalarAsync(pg, $"SELECT count(*) FROM \"{table}\"", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Text that reads back the same whatever the server's settings: timestamps in ISO form at UTC (an export carries its offsets, and a
    /// restore reads them).
    /// </summary>
    private const string PortableText = "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'";

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }

    // No time limit: a month is millions of rows.
    private static async Task ExecuteAsync(NpgsqlConnection pg, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, pg) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection pg, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, pg) { CommandTimeout = 0 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
