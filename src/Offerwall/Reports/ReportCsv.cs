using System.Globalization;
using Offerwall.Web;

namespace Offerwall.Reports;

/// <summary>A report as CSV (RFC 4180): the grouping's columns in its order, then the API's metric columns, then a totals line.</summary>
public static class ReportCsv
{
    public sealed record Column(string Header, Func<ReportMetrics, string> Value);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static async Task WriteAsync(ReportResult report, IReadOnlyList<Column> metrics, TextWriter output)
    {
        var dimensions = Dimensions(report.Request.GroupBy);
        await output.WriteAsync(string.Join(',', dimensions.Select(d => d.Header).Concat(metrics.Select(m => m.Header))) + "\r\n");
        foreach (var line in report.Lines)
            await output.WriteAsync(string.Join(',', dimensions.Select(d => d.Value(line)).Concat(metrics.Select(m => m.Value(line.Metrics)))) + "\r\n");
        // The totals: "total" in the first column (the others blank), then every metric.
        var blanks = dimensions.Select((_, i) => i == 0 ? "total" : "");
        await output.WriteAsync(string.Join(',', blanks.Concat(metrics.Select(m => m.Value(report.Totals)))) + "\r\n");
    }

    private static List<(string Header, Func<ReportLine, string> Value)> Dimensions(IReadOnlyList<ReportDimension> groupBy)
    {
        var columns = new List<(string, Func<ReportLine, string>)>();
        foreach (var d in groupBy)
            switch (d)
            {
                case ReportDimension.Day: columns.Add(("day", l => l.Day ?? "")); break;
                case ReportDimension.Hour: columns.Add(("hour", l => l.Hour ?? "")); break;
                case ReportDimension.Offer when !groupBy.Contains(ReportDimension.Goal):
                    columns.Add(("offer_id", l => Csv.Field(l.Offer?.Id ?? "")));
                    columns.Add(("offer_name", l => Csv.Field(l.Offer?.Name ?? "")));
                    break;
                case ReportDimension.Goal:
                    columns.Add(("offer_id", l => Csv.Field(l.Offer?.Id ?? "")));
                    columns.Add(("offer_name", l => Csv.Field(l.Offer?.Name ?? "")));
                    columns.Add(("goal_id", l => Csv.Field(l.Goal?.Id ?? "")));
                    columns.Add(("goal_name", l => Csv.Field(l.Goal?.Name ?? "")));
                    break;
                case ReportDimension.Partner:
                    columns.Add(("partner_id", l => l.Partner is { } p ? Number(p.Id) : ""));
                    columns.Add(("partner_name", l => Csv.Field(l.Partner?.Name ?? "")));
                    break;
                case ReportDimension.Advertiser:
                    columns.Add(("advertiser_id", l => l.Advertiser is { } a ? Number(a.Id) : ""));
                    columns.Add(("advertiser_name", l => Csv.Field(l.Advertiser?.Name ?? "")));
                    break;
                case ReportDimension.Country: columns.Add(("country", l => Csv.Field(l.Country ?? ""))); break;
                case ReportDimension.Platform: columns.Add(("platform", l => Csv.Field(l.Platform ?? ""))); break;
            }
        return columns;
    }
}
