using System.Text.Json.Serialization;
using Offerwall.Reports;

namespace Offerwall.Admin;

/// <summary>One row of GET /admin/reports: the grouping's fields (only those grouped by), then its metrics.</summary>
public sealed record AdminReportRow(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Day,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Hour,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OfferId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OfferName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GoalId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GoalName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? PartnerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PartnerName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? AdvertiserId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AdvertiserName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Country,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Platform,
    long Clicks, long Approved, long Pending, long Cancelled, long Reversals, decimal Revenue, decimal Cost, decimal Margin,
    decimal? ConversionRate, decimal? Epc)
{
    public static AdminReportRow From(ReportLine l)
    {
        var m = l.Metrics;
        return new AdminReportRow(l.Day, l.Hour, l.Offer?.Id, l.Offer?.Name, l.Goal?.Id, l.Goal?.Name, l.Partner?.Id, l.Partner?.Name,
            l.Advertiser?.Id, l.Advertiser?.Name, l.Country, l.Platform,
            m.Clicks, m.Approved, m.Pending, m.Cancelled, m.Reversals, m.Revenue, m.Cost, m.Margin, m.ConversionRate, m.PerClick(m.RevenueMicros));
    }
}
