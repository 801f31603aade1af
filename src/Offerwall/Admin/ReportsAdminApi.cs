using System.Globalization;
using System.Text;
using Offerwall.Data;
using Offerwall.Reports;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>GET /admin/reports and its CSV: clicks, conversions, revenue, cost and margin grouped as asked (docs/reports.md).</summary>
public static class ReportsAdminApi
{
    public static readonly ReportDimension[] Groupings = Enum.GetValues<ReportDimension>();

    public static readonly IReadOnlyList<ReportCsv.Column> Columns =
    [
        new("clicks", m => ReportCsv.Number(m.Clicks)), new("approved", m => ReportCsv.Number(m.Approved)),
        new("pending", m => ReportCsv.Number(m.Pending)), new("cancelled", m => ReportCsv.Number(m.Cancelled)),
        new("reversals", m => ReportCsv.Number(m.Reversals)), new("revenue", m => ReportCsv.Number(m.Revenue)),
        new("cost", m => ReportCsv.Number(m.Cost)), new("margin", m => ReportCsv.Number(m.Margin)),
        new("conversion_rate", m => ReportCsv.Number(m.ConversionRate)), new("epc", m => ReportCsv.Number(m.PerClick(m.RevenueMicros))),
    ];

    public static void MapReportsAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/reports").RequireAdminToken().WithErrorShape(ProblemDetailsShape.Instance).WithTags("Admin");
        admin.MapGet("", async ([AsParameters] AdminReportQuery query, ReadDatabase reads, TimeProvider clock, CancellationToken ct) =>
                await RunAsync(query, reads, clock, ct) is var (report, errors) && report is not null
                    ? Results.Ok(AdminReport.From(report))
                    : ApiErrors.Invalid(errors))
            .WithName("AdminReport")
            .WithSummary("Clicks, conversions (approved, pending, cancelled), reversals, revenue, cost, margin, conversion rate and EPC, grouped.")
            .WithDescription("Grouped by any of day or hour, offer, goal, partner, advertiser, country and platform, over days of a time zone, "
                             + "with filters. Closed hours come from stored rollups, the current ones live; totals equal the ledger's sums.")
            .Produces<AdminReport>().ProducesValidationProblem();
        admin.MapGet("/export.csv", async ([AsParameters] AdminReportQuery query, HttpContext http, ReadDatabase reads, TimeProvider clock,
                CancellationToken ct) =>
            {
                var (report, errors) = await RunAsync(query, reads, clock, ct);
                if (report is null) return ApiErrors.Invalid(errors);
                var csv = new StringWriter();
                await ReportCsv.WriteAsync(report, Columns, csv);
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(report.Request)}\"";
                return Results.Text(csv.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
            })
            .WithName("AdminReportCsv")
            .WithSummary("GET /admin/reports as CSV (RFC 4180): the grouping's columns, the metrics, and a last line of totals.")
            .WithDescription("The same parameters, rows and totals as GET /admin/reports.")
            .Produces<string>(contentType: "text/csv").ProducesValidationProblem();
    }

    /// <summary>The API's report: read on the replica when one is configured and answers, its rollups stored on the primary (docs/scaling.md).</summary>
    private static async Task<(ReportResult? Report, Dictionary<string, string[]> Errors)> RunAsync(AdminReportQuery query, ReadDatabase reads,
        TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (request, errors) = Parse(query.Parameters, now);
        return request is null ? (null, errors) : await Report.RunAsync(reads.Primary, await reads.OpenAsync(ct), request, now, unknownIsError: true, ct);
    }

    /// <summary>The operator's report query, checked as GET /admin/reports checks it (every grouping, UTC by default); the CLI parses with it too.</summary>
    public static (ReportRequest? Request, Dictionary<string, string[]> Errors) Parse(ReportParameters parameters, DateTime now) =>
        ReportRequest.Parse(parameters, Groupings, "UTC", now);

    /// <summary>
    /// Runs the operator's report on one database (the CLI's, on the primary): an offer, goal, partner or advertiser that does not exist is
    /// an error (the operator mistyped it).
    /// </summary>
    public static Task<(ReportResult? Result, Dictionary<string, string[]> Errors)> RunAsync(OfferwallDb db, ReportRequest request, DateTime now,
        CancellationToken ct) => Report.RunAsync(db, request, now, unknownIsError: true, ct);

    /// <summary>The CSV's file name, after its range: report-2026-12-01-2026-12-07.csv.</summary>
    public static string FileName(ReportRequest request) =>
        string.Create(CultureInfo.InvariantCulture, $"report-{request.From:yyyy-MM-dd}-{request.To:yyyy-MM-dd}.csv");
}
