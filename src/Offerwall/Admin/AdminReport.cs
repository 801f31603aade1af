using Offerwall.Reports;

namespace Offerwall.Admin;

/// <summary>GET /admin/reports: the days and zone it covers, its grouping, its rows, and the totals of everything counted.</summary>
public sealed record AdminReport(string FromDate, string ToDate, string TimeZone, IReadOnlyList<string> GroupBy,
    IReadOnlyList<AdminReportRow> Rows, AdminReportTotals Totals)
{
    public static AdminReport From(ReportResult r) => new(
        r.Request.From.ToString("yyyy-MM-dd"), r.Request.To.ToString("yyyy-MM-dd"), r.Request.Zone.Id,
        [.. r.Request.GroupBy.Select(ReportRequest.Name)], [.. r.Lines.Select(AdminReportRow.From)], AdminReportTotals.From(r.Totals));
}

/// <summary>The totals of a report: each click counted once, amounts net of reversals.</summary>
public sealed record AdminReportTotals(long Clicks, long Approved, long Pending, long Cancelled, long Reversals, decimal Revenue, decimal Cost,
    decimal Margin, decimal? ConversionRate, decimal? Epc)
{
    public static AdminReportTotals From(ReportMetrics m) => new(m.Clicks, m.Approved, m.Pending, m.Cancelled, m.Reversals, m.Revenue, m.Cost,
        m.Margin, m.ConversionRate, m.PerClick(m.RevenueMicros));
}
