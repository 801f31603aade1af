using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Operations;

/// <summary>`offerwall archive --before YYYY-MM` and `offerwall archive restore`, on a real PostgreSQL server.</summary>
public sealed class ArchiveTests(PostgresFixture app) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("offerwall-archive-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ArchivingExportsWholeMonthsWithChecksumsDetachesThemAndRestoringPutsThemBack()
    {
        await MakeMonthsAsync("2026-08-01", "2026-09-01");
        var p = await TestPartner.CreateAsync(app);
        var august = new DateTime(2026, 8, 10, 12, 0, 0, DateTimeKind.Utc);
        var a1 = await p.ConvertAsync(august);
        await p.ConvertAsync(august.AddDays(5), "user-2", reward: 1.25m);
        var a3 = await p.ConvertAsync(august.AddDays(20), "user-3");
        await p.ReverseAsync(a3, new DateTime(2026, 9, 2, 8, 0, 0, DateTimeKind.Utc));
        await p.ConvertAsync(new DateTime(2026, 9, 30, 23, 59, 59, DateTimeKind.Utc), "user-4");
        var november = await p.ConvertAsync(new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc));
        // A note with every character CSV must quote.
        await ExecuteAsync($"UPDATE ledger SET note = 'a, \"quoted\"' || chr(10) || 'line' WHERE transaction_id = {a1}");
        var before = await FingerprintAsync("2026-08-01", "2026-10-01");
        var report = await TotalsAsync(p);
        Assert.Equal(5, before.Rows);

        var dry = await CliRunner.SucceedsAsync(app, app.ConnectionString, ["archive", "--before", "2026-10", "--to", _folder, "--dry-run"]);
        Assert.Contains("2026-08", dry.Output);
        Assert.Contains("Dry run", dry.Output);
        Assert.Empty(Directory.GetFiles(_folder));
        Assert.True(await ExistsAsync("ledger_2026_08"));

        var run = await CliRunner.SucceedsAsync(app, app.ConnectionString, ["archive", "--before", "2026-10", "--to", _folder]);
        Assert.Contains("2026-08: 3 rows", run.Output);
        Assert.Contains("2026-09: 2 rows", run.Output);
        Assert.False(await ExistsAsync("ledger_2026_08"));
        Assert.False(await ExistsAsync("ledger_2026_09"));
        Assert.True(await ExistsAsync("ledger_2026_11"));
        Assert.Equal(0, (await FingerprintAsync("2026-08-01", "2026-10-01")).Rows);
        Assert.Equal(1, await app.WithDb(db => db.Ledger.CountAsync(l => l.TransactionId == november)));

        // Each export is gzip CSV with a header line, its checksum in the form sha256sum -c reads.
        var file = Path.Combine(_folder, "ledger-2026-08.csv.gz");
        var sum = (await File.ReadAllTextAsync(file + ".sha256")).Trim();
        Assert.Equal($"{Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file)))}  ledger-2026-08.csv.gz", sum);
        var csv = await ReadGzipAsync(file);
        Assert.StartsWith("id,transaction_id,reverse,partner_id,", csv);
        Assert.Contains("\"a, \"\"quoted\"\"\nline\"", csv);

        // The archived payments stay paid once: their keys are kept.
        var again = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync($"""
            INSERT INTO ledger (transaction_id, reverse, partner_id, user_id, user_external_id, offer_public_id, offer_name, goal_public_id, note,
                                reward, reward_local, payout, kind, occurred_at)
            VALUES ({a1}, false, {p.Partner.Id}, 1, 'x', 'o', 'o', 'g', 'n', 1, 1, 1, 0, '2026-11-21 00:00:00+00')
            """));
        Assert.Equal("pk_ledger_keys", again.ConstraintName);
        // The reports keep the archived months: their hours were stored before the rows went.
        Assert.Equal(report, await TotalsAsync(p));

        // Keys lost meanwhile (a restore into a database that lost them) come back with the rows.
        await ExecuteAsync($"DELETE FROM ledger_keys WHERE transaction_id = {a1}");
        // The whole folder: every month in it.
        var restored = await CliRunner.SucceedsAsync(app, app.ConnectionString, ["archive", "restore", _folder]);
        Assert.Contains("2026-08: 3 rows are back", restored.Output);
        Assert.Equal(before, await FingerprintAsync("2026-08-01", "2026-10-01"));
        Assert.True(await ExistsAsync("ledger_2026_08"));
        Assert.Equal(report, await TotalsAsync(p));

        var afterRestore = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync($"""
            INSERT INTO ledger (transaction_id, reverse, partner_id, user_id, user_external_id, offer_public_id, offer_name, goal_public_id, note,
                                reward, reward_local, payout, kind, occurred_at)
            VALUES ({a1}, false, {p.Partner.Id}, 1, 'x', 'o', 'o', 'g', 'n', 1, 1, 1, 0, '2026-11-21 00:00:00+00')
            """));
        Assert.Equal("pk_ledger_keys", afterRestore.ConstraintName);

        // Twice: one file is refused, a folder leaves the months that are back as they are; neither changes anything.
        var twice = await CliRunner.RunAsync(app, app.ConnectionString, ["archive", "restore", file]);
        Assert.Equal(1, twice.Exit);
        Assert.Contains("ledger_2026_08 is in the ledger with rows", twice.Output);
        var folderTwice = await CliRunner.SucceedsAsync(app, app.ConnectionString, ["archive", "restore", _folder]);
        // (Months of this class's other tests may sit in the folder too: the database is shared.)
        var left = Assert.Single(folderTwice.Output.Split('\n'), l => l.StartsWith("Already in the ledger, left as they are:", StringComparison.Ordinal));
        Assert.Contains("2026-08, 2026-09", left);
        Assert.Equal(before, await FingerprintAsync("2026-08-01", "2026-10-01"));
    }

    [Fact]
    public async Task AChangedExportIsRefusedBeforeAnythingIsLoaded()
    {
        await MakeMonthsAsync("2026-06-01");
        var p = await TestPartner.CreateAsync(app);
        await p.ConvertAsync(new DateTime(2026, 6, 10, 12, 0, 0, DateTimeKind.Utc));
        await CliRunner.SucceedsAsync(app, app.ConnectionString, ["archive", "--before", "2026-07", "--to", _folder]);
        var file = Path.Combine(_folder, "ledger-2026-06.csv.gz");
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(file, bytes);

        var run = await CliRunner.RunAsync(app, app.ConnectionString, ["archive", "restore", file]);
        Assert.Equal(1, run.Exit);
        Assert.Contains("does not match its checksum", run.Output);
        Assert.False(await ExistsAsync("ledger_2026_06"));

        File.Delete(file + ".sha256");
        var unchecked_ = await CliRunner.RunAsync(app, app.ConnectionString, ["archive", "restore", file]);
        Assert.Equal(1, unchecked_.Exit);
        Assert.Contains(".sha256 is missing", unchecked_.Output);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("26-01")]
    [InlineData("2999-01")]
    [InlineData("")]
    public async Task ABadMonthIsBadInputAndChangesNothing(string month)
    {
        var run = await CliRunner.RunAsync(app, app.ConnectionString, ["archive", "--before", month, "--to", _folder]);
        Assert.Equal(2, run.Exit);
        Assert.DoesNotContain("Exception", run.Output);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task ARestoreOfAFileThatIsNotAnExportIsRefused()
    {
        var stray = Path.Combine(_folder, "notes.csv.gz");
        await File.WriteAllTextAsync(stray, "hello");
        var run = await CliRunner.RunAsync(app, app.ConnectionString, ["archive", "restore", stray]);
        Assert.Equal(2, run.Exit);
        Assert.Contains("must be ledger-YYYY-MM.csv.gz", run.Output);
        var missing = await CliRunner.RunAsync(app, app.ConnectionString, ["archive", "restore", Path.Combine(_folder, "ledger-2026-01.csv.gz")]);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("does not exist", missing.Output);
        var empty = await CliRunner.RunAsync(app, app.ConnectionString, ["archive", "restore", _folder]);
        Assert.Equal(2, empty.Exit);
        Assert.Contains("holds no export", empty.Output);
    }

    [Fact]
    public async Task AnExportFolderThatCannotBeWrittenIsAReasonNotACrash()
    {
        await MakeMonthsAsync("2026-05-01");
        var p = await TestPartner.CreateAsync(app);
        await p.ConvertAsync(new DateTime(2026, 5, 10, 12, 0, 0, DateTimeKind.Utc));
        var notAFolder = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(notAFolder, "");
        var run = await CliRunner.RunAsync(app, app.ConnectionString, ["archive", "--before", "2026-06", "--to", notAFolder]);
        Assert.Equal(1, run.Exit);
        Assert.DoesNotContain("   at ", run.Output);
        Assert.True(await ExistsAsync("ledger_2026_05"));
    }

    private sealed record Fingerprint(long Rows, string? Hash);

    private Task<Fingerprint> FingerprintAsync(string from, string to) => app.WithDb(async db => await db.Database.SqlQuery<Fingerprint>($"""
        SELECT count(*) AS rows, md5(string_agg(l::text, '|' ORDER BY id)) AS hash FROM ledger l
        WHERE occurred_at >= {DateTime.Parse(from + "T00:00:00Z").ToUniversalTime()} AND occurred_at < {DateTime.Parse(to + "T00:00:00Z").ToUniversalTime()}
        """).SingleAsync());

    private async Task<string> TotalsAsync(TestPartner p)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/admin/reports?group_by=partner&partner_id={p.Partner.Id}&from_date=2026-08-01&to_date=2026-09-30");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var totals = JsonNode.Parse(text)!["totals"]!;
        Assert.True((long)totals["approved"]! > 0, text);
        return totals.ToJsonString();
    }

    private Task MakeMonthsAsync(params string[] months) => app.WithDb(async db =>
    {
        foreach (var month in months)
            await db.Database.SqlQuery<bool>($"SELECT ledger_add_month({DateOnly.Parse(month)}) AS \"Value\"").ToListAsync();
        return 0;
    });

    private Task<bool> ExistsAsync(string table) =>
        app.WithDb(db => db.Database.SqlQuery<bool>($"SELECT to_regclass({table}) IS NOT NULL AS \"Value\"").SingleAsync());

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ReadGzipAsync(string path)
    {
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return await reader.ReadToEndAsync();
    }
}
