namespace Offerwall.Conversions;

/// <summary>
/// One line of the risk report: a partner, an offer, or a partner's user; its conversions created in the window and what became of them;
/// the reversal ratio (reversed of those paid: reversed / (approved + reversed); null when none was paid); and how many the fraud rules
/// flagged, held and rejected when they arrived, in all and by rule.
/// </summary>
public sealed record RiskRow(long? PartnerId, string? OfferId, string? UserId, long Conversions, long Approved, long Pending, long Reversed, long Cancelled,
    decimal? ReversalRatio, long Flagged, long Held, long Rejected, IReadOnlyDictionary<string, RuleCounts> ByRule);
