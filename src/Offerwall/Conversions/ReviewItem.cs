namespace Offerwall.Conversions;

/// <summary>
/// A conversion in the operator's review queue: who, which offer, its status now, held or flagged, by which rules and why (the reason its
/// history recorded when it arrived), the click's address and device, and what it pays the partner.
/// </summary>
public sealed record ReviewItem(long TransactionId, long PartnerId, string UserId, string OfferId, string GoalId, string Status, string Review,
    IReadOnlyList<string> Rules, string Reason, string Ip, string Device, decimal Payout, DateTime CreatedAt);
