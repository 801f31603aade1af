using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Offerwall.Data;
using Offerwall.Demo;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Data;

/// <summary>PostgreSQL's ledger partitioned by month (migration PartitionedLedger), on a real server.</summary>
public sealed class PartitionedLedgerTests(PostgresFixture app) : IClassFixture<PostgresFixture>
{
    private const string BeforePartitions = "20261207114434_DeliveryTraceParent";

    [Fact]
    public async Task ASecondPaymentThatWouldLandInAnotherMonthIsRefusedByTheDatabase()
    {
        var p = await TestPartner.CreateAsync(app);
        var t = await p.ConvertAsync(new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc));

        // Written by hand, past every check of the server: only the database stands in the way.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => CopyRowAsync(t, reverse: false, "2027-01-15 10:00:00+00"));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
        Assert.Equal("pk_ledger_keys", refused.ConstraintName);
        Assert.True(DbErrors.IsUniqueViolation(refused));

        // One reversal in another month is fine; a second one, in a third month, is refused too.
        await CopyRowAsync(t, reverse: true, "2027-01-15 10:00:00+00");
        var again = await Assert.ThrowsAsync<PostgresException>(() => CopyRowAsync(t, reverse: true, "2027-02-03 10:00:00+00"));
        Assert.Equal("pk_ledger_keys", again.ConstraintName);

        var rows = await Partitions(t);
        Assert.Equal(["ledger_2026_11 False", "ledger_2027_01 True"], rows);
    }

    [Fact]
    public async Task TheServersOwnSecondPaymentIsRefusedToo()
    {
        var p = await TestPartner.CreateAsync(app);
        var t = await p.ConvertAsync(new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc));
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDb(async db =>
        {
            var row = await db.Ledger.AsNoTracking().SingleAsync(l => l.TransactionId == t);
            row.Id = 0;
            row.OccurredAt = new DateTime(2027, 2, 1, 0, 0, 0, DateTimeKind.Utc);
            db.Ledger.Add(row);
            return await db.SaveChangesAsync();
        }));
        Assert.True(DbErrors.IsUniqueViolation(e));
        Assert.Equal(1, await app.WithDb(db => db.Ledger.CountAsync(l => l.TransactionId == t)));
    }

    [Fact]
    public async Task ARowOutsideTheMonthsMadeWaitsInTheDefaultPartitionUntilTheDailyRoundMakesItsMonth()
    {
        var p = await TestPartner.CreateAsync(app);
        var t = await p.ConvertAsync(new DateTime(2031, 5, 1, 8, 0, 0, DateTimeKind.Utc));
        Assert.Equal(["ledger_default False"], await Partitions(t));

        // The operator's health view says so (Degraded: payments still go through).
        Assert.Equal(("Degraded", true), await LedgerMonthsHealthAsync("ledger_default holds rows"));

        // The daily round makes the months ahead, and those ledger_default holds rows of.
        var made = await app.WithDb(db => LedgerPartitions.EnsureAheadAsync(db, app.UtcNow, default));
        Assert.Equal(1, made);
        Assert.Equal(("Healthy", true), await LedgerMonthsHealthAsync("ledger_default is empty"));
        Assert.Equal(["ledger_2031_05 False"], await Partitions(t));
        var from = new DateTime(2031, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(1, await app.WithDb(db => db.Ledger.CountAsync(l => l.PartnerId == p.Partner.Id && l.OccurredAt >= from)));
        // Still one payment only.
        await Assert.ThrowsAsync<PostgresException>(() => CopyRowAsync(t, reverse: false, "2031-05-01 09:00:00+00"));
    }

    [Fact]
    public async Task TheComingMonthsAreMadeAheadOnceEach()
    {
        // The test clock starts on 2026-11-23: that month and three after it.
        foreach (var month in new[] { "ledger_2026_11", "ledger_2026_12", "ledger_2027_01", "ledger_2027_02" })
            Assert.True(await ExistsAsync(month), month);

        // A later day: the months from then on that are missing, once.
        var later = new DateTime(2035, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(4, await app.WithDb(db => LedgerPartitions.EnsureAheadAsync(db, later, default)));
        foreach (var month in new[] { "ledger_2035_01", "ledger_2035_02", "ledger_2035_03", "ledger_2035_04" })
            Assert.True(await ExistsAsync(month), month);
        Assert.Equal(0, await app.WithDb(db => LedgerPartitions.EnsureAheadAsync(db, later, default)));
        Assert.False(await ExistsAsync("ledger_2035_05"));
    }

    [Fact]
    public async Task TheMigrationMovesAFilledLedgerIntoItsMonthsAndBack()
    {
        var name = $"offerwall_test_{Guid.NewGuid():N}";
        var server = PostgresFixture.Server;
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        try
        {
            // The server's own options (its model, which the compiled queries of the demo's postbacks are bound to), another database.
            await using var db = new PostgresOfferwallDb(app.App.Services.GetRequiredService<DbContextOptions<PostgresOfferwallDb>>());
            db.Database.SetConnectionString(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(BeforePartitions);
            await new DemoData(db, TimeProvider.System).GenerateAsync(3_000);
            var before = await FingerprintAsync(db);
            Assert.True(before.Rows >= 3_000);

            await migrator.MigrateAsync();
            Assert.Equal(before, await FingerprintAsync(db));
            Assert.Equal("p", await ScalarAsync<string>(db, "SELECT relkind::text AS \"Value\" FROM pg_class WHERE relname = 'ledger'"));
            Assert.Equal(before.Rows, await ScalarAsync<long>(db, "SELECT count(*) AS \"Value\" FROM ledger_keys"));
            Assert.Equal(0, await ScalarAsync<long>(db, """
                SELECT count(*) AS "Value" FROM ledger WHERE tableoid::regclass::text <> 'ledger_' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY_MM')
                """));
            Assert.True(await ScalarAsync<long>(db, "SELECT count(DISTINCT tableoid) AS \"Value\" FROM ledger") >= 2);
            // The identity goes on after the copied ids.
            Assert.True(await ScalarAsync<long>(db, "SELECT nextval(pg_get_serial_sequence('ledger', 'id')) AS \"Value\"") > before.MaxId);

            await migrator.MigrateAsync(BeforePartitions);
            Assert.Equal(before, await FingerprintAsync(db));
            Assert.Equal("r", await ScalarAsync<string>(db, "SELECT relkind::text AS \"Value\" FROM pg_class WHERE relname = 'ledger'"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private sealed record Fingerprint(long Rows, long MaxId, string Hash);

    private static async Task<Fingerprint> FingerprintAsync(OfferwallDb db) => new(
        await ScalarAsync<long>(db, "SELECT count(*) AS \"Value\" FROM ledger"),
        await ScalarAsync<long>(db, "SELECT coalesce(max(id), 0) AS \"Value\" FROM ledger"),
        await ScalarAsync<string>(db, "SELECT md5(string_agg(l::text, '|' ORDER BY id)) AS \"Value\" FROM ledger l"));

    private static async Task<T> ScalarAsync<T>(OfferwallDb db, string sql) =>
        await db.Database.SqlQueryRaw<T>(sql).SingleAsync();

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task CopyRowAsync(long transactionId, bool reverse, string occurredAt) => ExecuteAsync(app.ConnectionString, $"""
        INSERT INTO ledger (transaction_id, reverse, partner_id, user_id, user_external_id, offer_public_id, offer_name, goal_public_id, note,
                            reward, reward_local, payout, kind, survey_id, occurred_at, country, platform)
        SELECT transaction_id, {reverse}, partner_id, user_id, user_external_id, offer_public_id, offer_name, goal_public_id, note,
               reward, reward_local, payout, kind, survey_id, '{occurredAt}', country, platform
        FROM ledger WHERE transaction_id = {transactionId} AND NOT reverse
        """);

    private Task<List<string>> Partitions(long transactionId) => app.WithDb(db => db.Database.SqlQuery<string>($"""
        SELECT tableoid::regclass::text || ' ' || CASE WHEN reverse THEN 'True' ELSE 'False' END AS "Value"
        FROM ledger WHERE transaction_id = {transactionId} ORDER BY reverse
        """).ToListAsync());

    private async Task<(string Status, bool Says)> LedgerMonthsHealthAsync(string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        using var response = await app.Client.SendAsync(request);
        var check = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["checks"]!.AsArray().Single(c => (string?)c!["name"] == "ledger_months")!;
        return ((string)check["status"]!, ((string)check["description"]!).Contains(text, StringComparison.Ordinal));
    }

    private Task<bool> ExistsAsync(string table) =>
        app.WithDb(db => db.Database.SqlQuery<bool>($"SELECT to_regclass({table}) IS NOT NULL AS \"Value\"").SingleAsync());
}
