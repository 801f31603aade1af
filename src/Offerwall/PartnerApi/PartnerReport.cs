using Offerwall.Reports;

namespace Offerwall.PartnerApi;

/// <summary>GET /data/partner/reports: the partner's own rows; payout in USD, rewards in its currency (currency_name).</summary>
public sealed record PartnerReport(string FromDate, string ToDate, string TimeZone, IReadOnlyList<string> GroupBy, string CurrencyName,
    IReadOnlyList<PartnerReportRow> Rows, PartnerReportTotals Totals)
{
    public static PartnerReport From(ReportResult r, string currencyName) => new(
        r.Request.From.ToString("yyyy-MM-dd"), r.Request.To.ToString("yyyy-MM-dd"), r.Request.Zone.Id,
        [.. r.Request.GroupBy.Select(ReportRequest.Name)], currencyName, [.. r.Lines.Select(PartnerReportRow.From)], PartnerReportTotals.From(r.Totals));
}

/// <summary>The totals of a partner's report: each click counted once, amounts net of reversals.</summary>
public sealed record PartnerReportTotals(long Clicks, long Approved, long Pending, long Cancelled, long Reversals, decimal Payout,
    decimal RewardLocalCurrency, decimal? ConversionRate, decimal? Epc)
{
    public static PartnerReportTotals From(ReportMetrics m) => new(m.Clicks, m.Approved, m.Pending, m.Cancelled, m.Reversals, m.Cost,
        m.RewardLocal, m.ConversionRate, m.PerClick(m.CostMicros));
}
