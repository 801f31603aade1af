namespace Offerwall.Conversions;

/// <summary>How many conversions one fraud rule flagged, held and rejected (one conversion counts for each rule that triggered on it).</summary>
public sealed record RuleCounts(long Flagged, long Held, long Rejected);
