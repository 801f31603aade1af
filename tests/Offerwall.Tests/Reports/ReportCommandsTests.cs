using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Reports;

/// <summary>
/// `offerwall reports show|export` against the fixture server's own database: the same totals and the same CSV as
/// GET /admin/reports for the same query, and the API's messages for bad options, with exit code 2. The command line
/// runs on the real clock and the server on a fake one a few days behind it: every query names its days, all of
/// them past for both clocks, and each test writes in days of its own.
/// </summary>
public abstract class ReportCommandsTests(AppFixture app, string connectionString)
{
    private static readonly string[] Metrics = ["clicks", "approved", "pending", "cancelled", "reversals", "revenue", "cost", "margin", "conversion_rate", "epc"];

    private Task<CliRun> CliAsync(params string[] args) => CliRunner.RunAsync(app, connectionString, args);

    private static void NoStackTrace(CliRun run)
    {
        Assert.DoesNotContain("   at ", run.Output);
        Assert.DoesNotContain("Exception", run.Output);
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> AdminGetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private async Task<JsonNode> ReportAsync(string query)
    {
        var (status, body) = await AdminGetAsync("/admin/reports?" + query);
        Assert.True(status == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(body));
        return JsonNode.Parse(body)!;
    }

    private void MoveTo(DateTime utc) => app.Clock.SetUtcNow(new DateTimeOffset(utc, TimeSpan.Zero));

    private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task ConvertAsync(Market m, string tx, string goal, params (string, string)[] extra)
    {
        var (status, body) = await m.PostbackAsync(tx, goal, extra);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
    }

    /// <summary>
    /// Two days of traffic after the clock's current day, on two markets: clicks, approvals, a held conversion then
    /// cancelled, a reversal, and one still pending. Leaves the clock in the second day, before the pending one's hold ends; answers the first day and the markets.
    /// </summary>
    private async Task<(DateTime Day, Market M1, Market M2)> TrafficAsync()
    {
        var day = app.UtcNow.Date.AddDays(2);
        MoveTo(day.AddHours(10).AddMinutes(5));
        var m1 = await Market.CreateAsync(app);
        var m2 = await Market.CreateAsync(app, ratio: 1000m, share: 0.7m);
        var a = new[] { await m1.StartAsync("a1"), await m1.StartAsync("a2"), await m1.StartAsync("a3") };
        var b = new[] { await m2.StartAsync("b1"), await m2.StartAsync("b2") };
        await ConvertAsync(m1, a[0], m1.Install);
        await ConvertAsync(m1, a[1], m1.Level);   // held 24 hours
        await ConvertAsync(m1, a[2], m1.Purchase, ("event_id", "order-1"), ("payout", "12.34"));
        await ConvertAsync(m2, b[0], m2.Install);
        MoveTo(day.AddHours(14));
        await ConvertAsync(m2, b[1], m2.Level);   // still pending at the end
        var ledger = await m1.LedgerAsync();
        await Market.AdminAsync(app, $"/admin/conversions/{(long)ledger[0]!["transaction_id"]!}/reverse", new { reason = "chargeback" });
        MoveTo(day.AddDays(1).AddHours(3));
        await Market.AdminAsync(app, $"/admin/conversions/{await PendingAsync(m1)}/cancel", new { reason = "test" });
        // m2's level conversion stays pending: its hold ends at 14:00, after the clock stops here.
        MoveTo(day.AddDays(1).AddHours(4));
        return (day, m1, m2);
    }

    private Task<long> PendingAsync(Market m) => app.WithDb(db => Task.FromResult(
        db.Conversions.Where(c => c.PartnerId == m.PartnerId && c.Status == Offerwall.Data.ConversionStatus.Pending).Select(c => c.Id).Single()));

    /// <summary>
    /// Cancels the conversion <see cref="TrafficAsync"/> left pending, at the end of a test: else the approval job would
    /// pay it once the clock passes its hold, in the days of the next test.
    /// </summary>
    private async Task SettleAsync(Market m2) => await Market.AdminAsync(app, $"/admin/conversions/{await PendingAsync(m2)}/cancel", new { reason = "end" });

    /// <summary>The cells of the table line whose first cell is <paramref name="first"/>.</summary>
    private static string[] Cells(CliRun run, string first) =>
        Assert.Single(run.Output.Split('\n'), line => line.StartsWith($"│ {first} ", StringComparison.Ordinal)).Split('│')[1..^1].Select(c => c.Trim()).ToArray();

    [Fact]
    public async Task ShowPrintsTheApisRowsAndTotals()
    {
        var (day, m1, m2) = await TrafficAsync();
        try
        {
            await ShowAsync(day, m1, m2);
        }
        finally
        {
            await SettleAsync(m2);
        }
    }

    private async Task ShowAsync(DateTime day, Market m1, Market m2)
    {
        var range = $"from_date={Day(day)}&to_date={Day(day.AddDays(1))}";
        string[] dates = ["--from-date", Day(day), "--to-date", Day(day.AddDays(1))];
        foreach (var (groupBy, filter) in new[]
                 {
                     ("day", ""), ("partner,country", ""), ("offer,goal", ""), ("hour,platform", ""), ("advertiser", ""),
                     ("day,offer", $"partner_id={m2.PartnerId}"), ("goal", $"offer_id={m1.OfferId}"),
                 })
        {
            var options = filter.Length == 0 ? [] : new[] { "--" + filter.Split('=')[0].Replace('_', '-'), filter.Split('=')[1] };
            var run = await CliAsync(["reports", "show", "--group-by", groupBy, .. dates, .. options]);
            Assert.True(run.Exit == 0, run.Output);
            var api = await ReportAsync($"{range}&group_by={groupBy}&{filter}");
            var rows = api["rows"]!.AsArray();
            Assert.Contains($"Report from {Day(day)} to {Day(day.AddDays(1))} (UTC), grouped by {groupBy.Replace(",", ", ")}: {rows.Count} rows.", run.Output);
            var totals = Cells(run, "Total")[^Metrics.Length..];
            for (var i = 0; i < Metrics.Length; i++)
                Assert.True(Same(api["totals"]![Metrics[i]], totals[i]), $"{groupBy} {filter}: {Metrics[i]} is {totals[i]}, the API says {api["totals"]![Metrics[i]]}");
            Assert.Equal(rows.Count + 2, run.Rows(@"^│ "));   // the header, the rows, the totals
        }
        // The figures are the ledger's: five clicks, three approvals, one reversal, one cancelled, one pending.
        var all = await ReportAsync($"{range}&group_by=day");
        Assert.Equal((5L, 3L, 1L, 1L, 1L), ((long)all["totals"]!["clicks"]!, (long)all["totals"]!["approved"]!, (long)all["totals"]!["reversals"]!,
            (long)all["totals"]!["cancelled"]!, (long)all["totals"]!["pending"]!));

        static bool Same(JsonNode? api, string cell) => api is null ? cell == "—" : decimal.Parse(cell, CultureInfo.InvariantCulture) == (decimal)api;
    }

    [Fact]
    public async Task ExportWritesTheApisCsv()
    {
        var (day, m1, m2) = await TrafficAsync();
        var folder = Directory.CreateTempSubdirectory("offerwall-report-cli-");
        try
        {
            foreach (var (groupBy, filter) in new[] { ("day", ""), ("offer,goal,partner", ""), ("hour,country,platform", ""), ("advertiser,offer", $"offer_id={m1.OfferId}") })
            {
                var path = Path.Combine(folder.FullName, "report.csv");
                string[] options = ["--group-by", groupBy, "--from-date", Day(day), "--to-date", Day(day.AddDays(1)), "--time-zone", "Europe/Berlin",
                    .. filter.Length == 0 ? [] : new[] { "--offer-id", m1.OfferId }];
                var run = await CliAsync(["reports", "export", "--output", path, .. options]);
                Assert.True(run.Exit == 0, run.Output);
                var (status, csv) = await AdminGetAsync(
                    $"/admin/reports/export.csv?from_date={Day(day)}&to_date={Day(day.AddDays(1))}&time_zone=Europe/Berlin&group_by={groupBy}&{filter}");
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal(System.Text.Encoding.UTF8.GetString(csv), await File.ReadAllTextAsync(path));
                Assert.Equal(csv, await File.ReadAllBytesAsync(path));
                Assert.Contains($"to {path}.", run.Output);
                Assert.False(File.Exists(path + ".partial"));

                // To standard output: the CSV and nothing else.
                var piped = await CliAsync(["reports", "export", "--output", "-", .. options]);
                Assert.Equal(0, piped.Exit);
                Assert.Equal(System.Text.Encoding.UTF8.GetString(csv), piped.Output);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
            await SettleAsync(m2);
        }
    }

    [Fact]
    public async Task BadOptionsGetTheApisMessagesAndExitTwo()
    {
        var file = Path.Combine(Path.GetTempPath(), $"offerwall-report-{Guid.NewGuid():N}.csv");
        foreach (var (option, value, field) in new[]
                 {
                     ("--time-zone", "Mars/Olympus_Mons", "time_zone"), ("--group-by", "day,colour", "group_by"), ("--group-by", "day,hour", "group_by"),
                     ("--from-date", "2026-02-30", "from_date"), ("--to-date", "yesterday", "to_date"), ("--partner-id", "0", "partner_id"),
                     ("--country", "USA", "country"), ("--platform", "windows", "platform"),
                     ("--time-zone", "Asia/Kolkata", "time_zone"),      // half-hour offset: refused when the report runs
                     ("--offer-id", "no-such-offer", "offer_id"),       // unknown: refused once the database is read
                 })
        {
            var (status, body) = await AdminGetAsync($"/admin/reports?{field}={Uri.EscapeDataString(value)}");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            var message = (string)JsonNode.Parse(body)!["errors"]![field]![0]!;
            foreach (var args in new[] { new[] { "reports", "show", option, value }, ["reports", "export", "--output", file, option, value] })
            {
                var run = await CliAsync(args);
                Assert.True(run.Exit == 2, $"{string.Join(' ', args)} exited {run.Exit}:\n{run.Output}");
                Assert.Contains("The report cannot be run: 1 error.", run.Output);
                Assert.Contains($"  {option}: {message}", run.Output);
                NoStackTrace(run);
                Assert.False(File.Exists(file));
            }
        }

        // Several at once: each is named. A file that cannot be written: exit 2 too.
        var several = await CliAsync("reports", "show", "--time-zone", "Nowhere", "--group-by", "weekday", "--platform", "tv");
        Assert.Equal(2, several.Exit);
        Assert.Contains("The report cannot be run: 3 errors.", several.Output);
        var unwritable = await CliAsync("reports", "export", "--output", Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}", "r.csv"));
        Assert.Equal(2, unwritable.Exit);
        Assert.Contains("Cannot write", unwritable.Output);
        NoStackTrace(unwritable);
        var missing = await CliAsync("reports", "export", "--group-by", "day");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("--output", missing.Output);
    }
}
