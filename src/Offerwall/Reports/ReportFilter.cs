namespace Offerwall.Reports;

/// <summary>
/// Which rows a report counts, by the rollups' ids (null: any). A goal filter keeps that goal's rows and its offer's
/// clicks (clicks are made on offers, not goals).
/// </summary>
public sealed record ReportFilter(long? PartnerId = null, long? AdvertiserId = null, long? OfferId = null, long? GoalId = null,
    long? GoalOfferId = null, string? Country = null, string? Platform = null)
{
    public bool Keeps(RollupRow r) =>
        (PartnerId is null || r.PartnerId == PartnerId) && (AdvertiserId is null || r.AdvertiserId == AdvertiserId)
        && (OfferId is null || r.OfferId == OfferId)
        && (GoalId is null || r.GoalId == GoalId || (r.GoalId == 0 && r.OfferId == GoalOfferId))
        && (Country is null || r.Country == Country) && (Platform is null || r.Platform == Platform);
}
