using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Offerwall.Reports;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Reports;

/// <summary>
/// Database:ReadConnectionString on a real streaming replica: GET /admin/reports, /data/partner/reports and their CSVs read from it,
/// the rollups of closed hours are stored on the primary, and a report shows the ledger up to the replica's replay point with totals
/// that are exactly its rows' sums. The tests share one database, and the rollups are kept for every partner at once, so each test
/// writes in days of its own that no other test's report covers.
/// </summary>
[Collection(nameof(ReplicaCollection))]
public sealed class ReportsOnReplicaTests(ReplicaFixture app) : IClassFixture<ReplicaFixture>
{
    /// <summary>What the replica's own ledger holds for a partner in [from, to): approvals, reversals and net payout (micro-units).</summary>
    private sealed record Ledger(long Approved, long Reversals, long PayoutMicros);

    private async Task<Ledger> ReplicaLedgerAsync(long partnerId, DateTime from, DateTime to)
    {
        await using var connection = new NpgsqlConnection(app.ReplicaConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE NOT reverse), count(*) FILTER (WHERE reverse),
                   coalesce(sum(CASE WHEN reverse THEN -payout ELSE payout END), 0)::bigint
            FROM ledger WHERE partner_id = @partner AND occurred_at >= @from AND occurred_at < @to
            """, connection);
        command.Parameters.AddWithValue("partner", partnerId);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Ledger(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Whether the replica holds the stored rollup (a coverage row) of the UTC hour that starts at <paramref name="hour"/>.</summary>
    private async Task<bool> ReplicaCoversAsync(DateTime hour)
    {
        await using var connection = new NpgsqlConnection(app.ReplicaConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM report_coverage WHERE hour = @hour)", connection);
        command.Parameters.AddWithValue("hour", HourNumber(hour));
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private Task<bool> PrimaryCoversAsync(DateTime hour) => app.WithDb(db => db.ReportCoverage.AnyAsync(c => c.Hour == HourNumber(hour)));

    private static long HourNumber(DateTime hour) => (long)(hour - DateTime.UnixEpoch).TotalHours;

    /// <summary>The report's totals agree with the replica's ledger: approvals, reversals and net cost (the partner's payout).</summary>
    private static void AssertTotals(Ledger ledger, string json, string cost)
    {
        var totals = JsonNode.Parse(json)!["totals"]!;
        Assert.Equal(ledger.Approved, (long)totals["approved"]!);
        Assert.Equal(ledger.Reversals, (long)totals["reversals"]!);
        Assert.Equal(ledger.PayoutMicros / 1_000_000m, (decimal)totals[cost]!);
    }

    /// <summary>A column of the CSV's last line, its totals.</summary>
    private static string CsvTotal(string csv, string column)
    {
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("total,", lines[^1], StringComparison.Ordinal);
        return lines[^1].Split(',')[Array.IndexOf(lines[0].Split(','), column)];
    }

    private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task AReportThroughTheReplicaIsThePrimarysOnceReplayed()
    {
        var day = new DateTime(2026, 11, 17, 0, 0, 0, DateTimeKind.Utc);
        var p = await TestPartner.CreateAsync(app);
        var t1 = await p.ConvertAsync(day.AddHours(9), "u1");
        await p.ConvertAsync(day.AddHours(10).AddMinutes(30), "u2", p.OtherGame, payout: 1.25m);
        await p.ConvertAsync(day.AddHours(13), "u3", p.Survey);
        await p.ReverseAsync(t1, day.AddHours(15));
        await app.WaitForReplayAsync();
        var admin = new ReportParameters("hour,offer", Day(day), Day(day), "UTC", PartnerId: p.Partner.Id.ToString(CultureInfo.InvariantCulture));
        var partner = new ReportParameters("offer", Day(day), Day(day), "UTC");

        // The first report stores the day's rollups on the primary; the replica then reads them once it has replayed them.
        for (var round = 0; round < 2; round++)
        {
            var viaReplica = await PrimaryReports.AdminApiAsync(app, admin);
            Assert.Equal(await PrimaryReports.AdminOnPrimaryAsync(app, admin), viaReplica);
            AssertTotals(await ReplicaLedgerAsync(p.Partner.Id, day, day.AddDays(1)), viaReplica.Json, "cost");
            Assert.Equal(new Ledger(3, 1, 1_250_000 + 550_000), await ReplicaLedgerAsync(p.Partner.Id, day, day.AddDays(1)));
            var partnerViaReplica = await PrimaryReports.PartnerApiAsync(app, p, partner);
            Assert.Equal(await PrimaryReports.PartnerOnPrimaryAsync(app, p, partner), partnerViaReplica);
            AssertTotals(await ReplicaLedgerAsync(p.Partner.Id, day, day.AddDays(1)), partnerViaReplica.Json, "payout");
            await app.WaitForReplayAsync();
            Assert.True(await ReplicaCoversAsync(day.AddHours(9)), "the replica has replayed the rollups stored on the primary");
        }
    }

    [Fact]
    public async Task AReportShowsTheReplicasRowsWhileItLagsAndStoresItsRollupsOnThePrimary()
    {
        var day1 = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        var day2 = day1.AddDays(1);
        var end = app.UtcNow.Date.AddDays(1);
        var p = await TestPartner.CreateAsync(app);
        var t1 = await p.ConvertAsync(day1.AddHours(10), "u1");
        await p.ConvertAsync(day2.AddHours(10), "u2");
        var id = p.Partner.Id.ToString(CultureInfo.InvariantCulture);
        // The first day's rollups stored on the primary and replayed: the report below reads them from the replica's stored rollups.
        await PrimaryReports.AdminApiAsync(app, new ReportParameters("day", Day(day1), Day(day1), "UTC", PartnerId: id));
        await app.WaitForReplayAsync();
        Assert.True(await ReplicaCoversAsync(day1.AddHours(10)));
        Assert.False(await ReplicaCoversAsync(day2.AddHours(10)));

        var admin = new ReportParameters("day,offer", Day(day1), Day(app.UtcNow), "UTC", PartnerId: id);
        var partner = new ReportParameters("day", Day(day1), Day(app.UtcNow), "UTC");
        await app.PauseReplayAsync(true);
        try
        {
            // Written on the primary while the replica lags: a closed hour of the second day, an hour still open, a reversal.
            await p.ConvertAsync(day2.AddHours(12), "u3");
            await p.ConvertAsync(app.UtcNow.AddMinutes(-10), "u4");
            await p.ReverseAsync(t1, day2.AddHours(13));
            var onReplica = await ReplicaLedgerAsync(p.Partner.Id, day1, end);
            Assert.Equal(new Ledger(2, 0, 2 * 550_000), onReplica);

            var viaReplica = await PrimaryReports.AdminApiAsync(app, admin);
            AssertTotals(onReplica, viaReplica.Json, "cost");
            var partnerViaReplica = await PrimaryReports.PartnerApiAsync(app, p, partner);
            AssertTotals(onReplica, partnerViaReplica.Json, "payout");
            Assert.Equal([Day(day1), Day(day2)], JsonNode.Parse(partnerViaReplica.Json)!["rows"]!.AsArray().Select(r => (string)r!["day"]!));
            Assert.Equal(onReplica.Approved, long.Parse(CsvTotal(partnerViaReplica.Csv, "approved"), CultureInfo.InvariantCulture));
            Assert.Equal(onReplica.PayoutMicros / 1_000_000m, decimal.Parse(CsvTotal(partnerViaReplica.Csv, "payout"), CultureInfo.InvariantCulture));
            Assert.Equal(onReplica.PayoutMicros / 1_000_000m, decimal.Parse(CsvTotal(viaReplica.Csv, "cost"), CultureInfo.InvariantCulture));

            // The rollups these reports needed were stored on the primary (the second day's hours, today's closed ones), with the new
            // rows in them; the paused replica has none of them, so it added those hours up live from its own rows.
            Assert.True(await PrimaryCoversAsync(day2.AddHours(12)));
            Assert.True(await PrimaryCoversAsync(end.AddHours(-11)));   // 13:00 today, the last closed hour at 15:00
            Assert.False(await PrimaryCoversAsync(end.AddHours(-10)));  // 14:00: still open
            Assert.Equal(2, await app.WithDb(db => db.ReportHours
                .Where(h => h.PartnerId == p.Partner.Id && h.Hour >= HourNumber(day2) && h.Hour < HourNumber(day2.AddDays(1))).SumAsync(h => h.Approved)));
            Assert.False(await ReplicaCoversAsync(day2.AddHours(12)));
        }
        finally
        {
            await app.PauseReplayAsync(false);
        }

        await app.WaitForReplayAsync();
        Assert.True(await ReplicaCoversAsync(day2.AddHours(12)));
        var caughtUp = await ReplicaLedgerAsync(p.Partner.Id, day1, end);
        Assert.Equal(new Ledger(4, 1, 3 * 550_000), caughtUp);
        var after = await PrimaryReports.AdminApiAsync(app, admin);
        AssertTotals(caughtUp, after.Json, "cost");
        Assert.Equal(await PrimaryReports.AdminOnPrimaryAsync(app, admin), after);
        Assert.Equal(await PrimaryReports.PartnerOnPrimaryAsync(app, p, partner), await PrimaryReports.PartnerApiAsync(app, p, partner));
    }
}
