namespace Offerwall.Reports;

/// <summary>What one report row is grouped by: its time bucket (a local day number, a UTC hour, or 0) and dimensions (0 or "" when not grouped).</summary>
public readonly record struct ReportKey(long Bucket, int OffsetHours, long PartnerId, long AdvertiserId, long OfferId, long GoalId,
    string Country, string Platform);
