using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using static Offerwall.Hosting.OperatorCommands;
using Offerwall.Admin;
using Offerwall.Reports;

namespace Offerwall.Hosting;

/// <summary>
/// `offerwall reports show|export`: GET /admin/reports and its CSV from the command line. The options are the API's
/// query parameters, read as text and checked by the same <see cref="ReportsAdminApi.Parse"/>, so the rules and the
/// messages are the API's; the report runs through the same <see cref="ReportsAdminApi.RunAsync"/> and the CSV is
/// written by the same <see cref="ReportCsv"/> with the same columns. Bad input: exit 2, each message on its line.
/// </summary>
public static class ReportCommands
{
    /// <summary>The report's options, each named after its query parameter (group_by → --group-by).</summary>
    private sealed record Options(Option<string> GroupBy, Option<string> FromDate, Option<string> ToDate, Option<string> TimeZone,
        Option<string> PartnerId, Option<string> AdvertiserId, Option<string> OfferId, Option<string> GoalId, Option<string> Country, Option<string> Platform)
    {
        public Option[] All => [GroupBy, FromDate, ToDate, TimeZone, PartnerId, AdvertiserId, OfferId, GoalId, Country, Platform];

        public ReportParameters Read(OperatorRun run) => new(run.Get(GroupBy), run.Get(FromDate), run.Get(ToDate), run.Get(TimeZone),
            run.Get(PartnerId), run.Get(AdvertiserId), run.Get(OfferId), run.Get(GoalId), run.Get(Country), run.Get(Platform));
    }

    public static Command Build(IAnsiConsole console) =>
        new("reports", "Clicks, conversions, revenue, cost and margin, grouped: GET /admin/reports from the command line (docs/reports.md).")
        {
            Show(console), Export(console),
        };

    private static Options NewOptions() => new(
        OperatorOptions.Text("--group-by", "Comma-separated, in order: day or hour, offer, goal, partner, advertiser, country, platform (default day)."),
        OperatorOptions.Text("--from-date", "First day, YYYY-MM-DD, in --time-zone (default: 6 days before --to-date)."),
        OperatorOptions.Text("--to-date", "Last day, YYYY-MM-DD, in --time-zone, at most 366 days after --from-date (default: today)."),
        OperatorOptions.Text("--time-zone", "A time zone name (UTC, Europe/Berlin, …) whose offset is whole hours (default UTC)."),
        OperatorOptions.Text("--partner-id", "Only this partner's rows (its id)."),
        OperatorOptions.Text("--advertiser-id", "Only this advertiser's offers (its id)."),
        OperatorOptions.Text("--offer-id", "Only this offer (its public id)."),
        OperatorOptions.Text("--goal-id", "Only this goal (its public id), with its offer's clicks."),
        OperatorOptions.Text("--country", "Only clicks and conversions from this country (two letters)."),
        OperatorOptions.Text("--platform", "Only this platform: android, ios or web."));

    private static Command Show(IAnsiConsole console)
    {
        var options = NewOptions();
        return OperatorAction.Command("show", "Print a report as a table, with its totals on the last line.", console, options.All, async run =>
        {
            if (await RunAsync(run, options, console) is not { } report) return OperatorAction.BadInput;
            var r = report.Request;
            var grouping = r.GroupBy.Count > 0 ? string.Join(", ", r.GroupBy.Select(ReportRequest.Name)) : "nothing";
            console.MarkupLineInterpolated(
                $"Report from {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd} ({r.Zone.Id}), grouped by {grouping}: {report.Lines.Count} rows. Amounts in USD.");
            console.Write(Table(report));
            return 0;
        });
    }

    private static Command Export(IAnsiConsole console)
    {
        var options = NewOptions();
        var output = OperatorOptions.Text("--output", "The CSV file to write (replaced if it exists), or - for standard output.", required: true);
        return OperatorAction.Command("export", "Write a report as CSV, exactly as GET /admin/reports/export.csv answers it.", console, [output, .. options.All],
            async run =>
            {
                if (await RunAsync(run, options, console) is not { } report) return OperatorAction.BadInput;
                if (run.Get(output) == "-")
                {
                    // Only the CSV on standard output, so it pipes.
                    await ReportCsv.WriteAsync(report, ReportsAdminApi.Columns, console.Profile.Out.Writer);
                    await console.Profile.Out.Writer.FlushAsync();
                    return 0;
                }
                var path = Path.GetFullPath(run.Get(output));
                // Written beside the target and moved over it at the end, so a failed export never leaves half a file.
                var partial = path + ".partial";
                var writer = ConversionCommands.OpenWriter(partial, path);
                try
                {
                    await using (writer)
                        await ReportCsv.WriteAsync(report, ReportsAdminApi.Columns, writer);
                    File.Move(partial, path, overwrite: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new OperatorInputException($"Cannot write {path}: {e.Message}");
                }
                finally
                {
                    File.Delete(partial);
                }
                var r = report.Request;
                console.MarkupLineInterpolated(
                    $"[green]Exported {report.Lines.Count} rows and the totals ({r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd}, {r.Zone.Id}) to {path}.[/]");
                return 0;
            });
    }

    /// <summary>Checks the options (before the database is opened) and runs the report; null when either refused, with every reason printed.</summary>
    private static async Task<ReportResult?> RunAsync(OperatorRun run, Options options, IAnsiConsole console)
    {
        var now = OperatorRun.Now;
        var (request, errors) = ReportsAdminApi.Parse(options.Read(run), now);
        if (request is null) return Refused(console, errors);
        var db = await run.OpenDatabaseAsync();
        var (report, refused) = await ReportsAdminApi.RunAsync(db, request, now, run.Cancellation);
        return report ?? Refused(console, refused);
    }

    private static ReportResult? Refused(IAnsiConsole console, Dictionary<string, string[]> errors)
    {
        console.MarkupLineInterpolated($"[red]The report cannot be run: {errors.Count} {(errors.Count == 1 ? "error" : "errors")}.[/]");
        foreach (var (field, messages) in errors)
            foreach (var message in messages)
                console.MarkupLineInterpolated($"  [red]--{field.Replace('_', '-')}[/]: {message}");
        return null;
    }

    /// <summary>The grouping's columns in its order (each id with its name), the metrics, and the totals as the footer.</summary>
    private static Table Table(ReportResult report)
    {
        var groupBy = report.Request.GroupBy;
        var dimensions = new List<(string Header, Func<ReportLine, string> Value)>();
        foreach (var d in groupBy)
            switch (d)
            {
                case ReportDimension.Day: dimensions.Add(("Day", l => l.Day ?? "")); break;
                case ReportDimension.Hour: dimensions.Add(("Hour", l => l.Hour ?? "")); break;
                case ReportDimension.Offer when groupBy.Contains(ReportDimension.Goal): break;
                case ReportDimension.Offer: dimensions.Add(("Offer", l => Named(l.Offer?.Id, l.Offer?.Name))); break;
                case ReportDimension.Goal:
                    dimensions.Add(("Offer", l => Named(l.Offer?.Id, l.Offer?.Name)));
                    dimensions.Add(("Goal", l => Named(l.Goal?.Id, l.Goal?.Name)));
                    break;
                case ReportDimension.Partner: dimensions.Add(("Partner", l => Named(l.Partner?.Id.ToString(CultureInfo.InvariantCulture), l.Partner?.Name))); break;
                case ReportDimension.Advertiser:
                    dimensions.Add(("Advertiser", l => Named(l.Advertiser?.Id.ToString(CultureInfo.InvariantCulture), l.Advertiser?.Name)));
                    break;
                case ReportDimension.Country: dimensions.Add(("Country", l => l.Country ?? "")); break;
                case ReportDimension.Platform: dimensions.Add(("Platform", l => l.Platform ?? "")); break;
            }
        if (dimensions.Count == 0) dimensions.Add(("", _ => "all"));

        (string Header, Func<ReportMetrics, string> Value)[] metrics =
        [
            ("Clicks", m => ReportCsv.Number(m.Clicks)), ("Approved", m => ReportCsv.Number(m.Approved)), ("Pending", m => ReportCsv.Number(m.Pending)),
            ("Cancelled", m => ReportCsv.Number(m.Cancelled)), ("Reversals", m => ReportCsv.Number(m.Reversals)), ("Revenue", m => Money(m.Revenue)),
            ("Cost", m => Money(m.Cost)), ("Margin", m => Money(m.Margin)), ("Conv. rate", m => Optional(m.ConversionRate)),
            ("EPC", m => Optional(m.PerClick(m.RevenueMicros))),
        ];

        var table = new Table { ShowFooters = true };
        for (var i = 0; i < dimensions.Count; i++)
            table.AddColumn(new TableColumn(Cell(dimensions[i].Header)) { Footer = Cell(i == 0 ? "Total" : "") });
        foreach (var (header, value) in metrics)
            table.AddColumn(new TableColumn(Cell(header)) { Footer = Cell(value(report.Totals)), Alignment = Justify.Right });
        foreach (var line in report.Lines)
            table.AddRow(dimensions.Select(d => (IRenderable)Cell(d.Value(line))).Concat(metrics.Select(m => Cell(m.Value(line.Metrics)))));
        return table;
    }

    /// <summary>An id and its name in one cell ("42 Coin Quest"), so a report by offer fits a terminal.</summary>
    private static string Named(string? id, string? name) => string.IsNullOrEmpty(name) ? id ?? "" : $"{id} {name}";

    /// <summary>Cents always, and every micro-unit there is: exact, as the CSV is, and still readable in a column.</summary>
    private static string Money(decimal value) => value.ToString("0.00####", CultureInfo.InvariantCulture);

    private static string Optional(decimal? value) => value is { } v ? v.ToString("0.00##", CultureInfo.InvariantCulture) : "—";
}
