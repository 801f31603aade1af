namespace Offerwall.Reports;

/// <summary>
/// One row as the rollups' SQL answers it: an hour (or a day or nothing, by the grouping), the dimensions (0 or ""
/// when not grouped) and the counts and sums, amounts in micro-units. Columns are snake_case, as the model's naming
/// convention expects of a result type.
/// </summary>
public sealed record RollupRow(long Hour, long PartnerId, long AdvertiserId, long OfferId, long GoalId, string Country, string Platform,
    long Clicks, long Approved, long Pending, long Cancelled, long Reversals, long Revenue, long Cost, long RewardLocal);
