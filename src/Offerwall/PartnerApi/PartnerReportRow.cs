using System.Text.Json.Serialization;
using Offerwall.Reports;

namespace Offerwall.PartnerApi;

/// <summary>One row of GET /data/partner/reports: the grouping's fields (only those grouped by), then its metrics.</summary>
public sealed record PartnerReportRow(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Day,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Hour,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OfferId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OfferName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GoalId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GoalName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Country,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Platform,
    long Clicks, long Approved, long Pending, long Cancelled, long Reversals, decimal Payout, decimal RewardLocalCurrency,
    decimal? ConversionRate, decimal? Epc)
{
    public static PartnerReportRow From(ReportLine l)
    {
        var m = l.Metrics;
        return new PartnerReportRow(l.Day, l.Hour, l.Offer?.Id, l.Offer?.Name, l.Goal?.Id, l.Goal?.Name, l.Country, l.Platform,
            m.Clicks, m.Approved, m.Pending, m.Cancelled, m.Reversals, m.Cost, m.RewardLocal, m.ConversionRate, m.PerClick(m.CostMicros));
    }
}
