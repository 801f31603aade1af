using System.Text;
using Microsoft.EntityFrameworkCore;
using Offerwall.Conversions;
using Offerwall.Data;
using Offerwall.Fraud;
using Offerwall.Web;
using Offerwall.Offers;

namespace Offerwall.Admin;

/// <summary>GET /admin/reports/risk and /admin/reports/risk.csv: the risk report (<see cref="RiskReport"/>), docs/fraud.md.</summary>
public static class RiskReportApi
{
    public static void MapRiskReport(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/reports").RequireAdminToken().WithErrorShape(ProblemDetailsShape.Instance).WithTags("Admin");
        admin.MapGet("/risk", async ([AsParameters] DayRange days, [AsParameters] RiskReportFilters filters, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                await BuildAsync(days, filters, db, clock, ct) is { Rows: { } rows } ? Results.Ok(rows) : Invalid())
            .WithName("AdminRiskReport")
            .WithSummary("Per partner, offer or user: conversions, reversals, the reversal ratio, and what the fraud rules flagged, held and rejected, by rule.")
            .WithDescription("Over the conversions created in the US Eastern days from_date to_date (default: the last 7), most conversions first.")
            .Produces<List<RiskRow>>().ProducesValidationProblem();
        admin.MapGet("/risk.csv", async ([AsParameters] DayRange days, [AsParameters] RiskReportFilters filters, HttpContext http, OfferwallDb db, TimeProvider clock,
                CancellationToken ct) =>
            {
                if (await BuildAsync(days, filters, db, clock, ct) is not { Rows: { } rows, From: var from, To: var to }) return Invalid();
                var csv = new StringWriter();
                await RiskReport.WriteCsvAsync(rows, [.. FraudRule.All.Select(r => r.Name)], csv);
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"risk-{filters.Grouping}-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv\"";
                return Results.Text(csv.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
            })
            .WithName("AdminRiskReportCsv")
            .WithSummary("The risk report as CSV (RFC 4180), each rule's flagged, held and rejected counts in columns of their own.")
            .WithDescription("The same lines and filters as GET /admin/reports/risk.")
            .Produces<string>(contentType: "text/csv").ProducesValidationProblem();
    }

    private static async Task<(List<RiskRow>? Rows, DateOnly From, DateOnly To)> BuildAsync(DayRange days, RiskReportFilters filters, OfferwallDb db,
        TimeProvider clock, CancellationToken ct)
    {
        var fromOk = AdminApi.TryDay(days.FromDate, out var fromDay);
        var toOk = AdminApi.TryDay(days.ToDate, out var toDay);
        var (from, to) = EasternTime.DefaultRange(fromDay, toDay, EasternTime.Today(clock.GetUtcNow().UtcDateTime));
        if (!fromOk || !toOk || from > to || !filters.Valid) return (null, from, to);
        long? offerId = null;
        if (filters.OfferId is { } publicId && (offerId = await OfferStates.IdAsync(db, publicId, ct)) is null)
            return ([], from, to);
        return (await RiskReport.BuildAsync(db, from, to, filters.Grouping, filters.PartnerId, offerId, filters.Limit ?? RiskReportFilters.DefaultLimit, ct), from, to);
    }

    private static IResult Invalid() => ApiErrors.Invalid(new Dictionary<string, string[]>
    {
        ["query"] = ["from_date and to_date must be YYYY-MM-DD days, from_date not after to_date; group_by must be partner, offer or user."],
    });
}
