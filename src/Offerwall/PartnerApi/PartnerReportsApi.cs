using System.Text;
using Offerwall.Data;
using Offerwall.Partners;
using Offerwall.Reports;
using Offerwall.Web;

namespace Offerwall.PartnerApi;

/// <summary>
/// GET /data/partner/reports and its CSV: the partner's own clicks, conversions, payout and rewards from the same rollups as the
/// operator's reports, only ever its rows (the partner filter is its key's, never a parameter). docs/partner-api.md.
/// </summary>
public static class PartnerReportsApi
{
    public const string DefaultZone = "America/New_York";

    public static readonly ReportDimension[] Groupings =
        [ReportDimension.Day, ReportDimension.Hour, ReportDimension.Offer, ReportDimension.Goal, ReportDimension.Country, ReportDimension.Platform];

    public static readonly IReadOnlyList<ReportCsv.Column> Columns =
    [
        new("clicks", m => ReportCsv.Number(m.Clicks)), new("approved", m => ReportCsv.Number(m.Approved)),
        new("pending", m => ReportCsv.Number(m.Pending)), new("cancelled", m => ReportCsv.Number(m.Cancelled)),
        new("reversals", m => ReportCsv.Number(m.Reversals)), new("payout", m => ReportCsv.Number(m.Cost)),
        new("reward_local_currency", m => ReportCsv.Number(m.RewardLocal)),
        new("conversion_rate", m => ReportCsv.Number(m.ConversionRate)), new("epc", m => ReportCsv.Number(m.PerClick(m.CostMicros))),
    ];

    public static void MapPartnerReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/data/partner/reports").RequirePartnerKey().WithTags("Partner dashboard");
        group.MapGet("", async ([AsParameters] PartnerReportQuery query, HttpContext http, ReadDatabase reads, TimeProvider clock, CancellationToken ct) =>
                await RunAsync(query, http.Partner(), reads, clock, ct) is var (report, errors) && report is not null
                    ? Results.Ok(PartnerReport.From(report, http.Partner().CurrencyName))
                    : ApiErrors.Invalid(errors))
            .WithName("PartnerReport")
            .WithSummary("The partner's clicks, conversions (approved, pending, cancelled), reversals, payout, rewards, conversion rate and EPC, grouped.")
            .WithDescription("Grouped by any of day or hour, offer, goal, country and platform, over days of a time zone (default US Eastern, "
                             + "the Data API's days). Payout is in USD and net of reversals; rewards in the partner's currency. Bad parameters "
                             + "answer 422 with Laravel's messages.")
            .Produces<PartnerReport>().Produces<LaravelValidationError>(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/export.csv", async ([AsParameters] PartnerReportQuery query, HttpContext http, ReadDatabase reads, TimeProvider clock,
                CancellationToken ct) =>
            {
                var (report, errors) = await RunAsync(query, http.Partner(), reads, clock, ct);
                if (report is null) return ApiErrors.Invalid(errors);
                var csv = new StringWriter();
                await ReportCsv.WriteAsync(report, Columns, csv);
                http.Response.Headers.ContentDisposition =
                    $"attachment; filename=\"report-{report.Request.From:yyyy-MM-dd}-{report.Request.To:yyyy-MM-dd}.csv\"";
                return Results.Text(csv.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
            })
            .WithName("PartnerReportCsv")
            .WithSummary("GET /data/partner/reports as CSV (RFC 4180): the grouping's columns, the metrics, and a last line of totals.")
            .WithDescription("The same parameters, rows and totals as GET /data/partner/reports.")
            .Produces<string>(contentType: "text/csv").Produces<LaravelValidationError>(StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>Read on the replica when one is configured and answers, the rollups stored on the primary (docs/scaling.md).</summary>
    private static async Task<(ReportResult? Report, Dictionary<string, string[]> Errors)> RunAsync(PartnerReportQuery query, Partner partner,
        ReadDatabase reads, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (request, errors) = ReportRequest.Parse(query.Parameters, Groupings, DefaultZone, now);
        return request is null
            ? (null, errors)
            : await Report.RunAsync(reads.Primary, await reads.OpenAsync(ct), request with { PartnerId = partner.Id }, now, unknownIsError: false, ct);
    }
}
