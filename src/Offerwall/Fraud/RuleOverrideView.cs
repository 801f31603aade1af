namespace Offerwall.Fraud;

/// <summary>The operator's setting of a rule for one partner or one offer (by its offer_id), or for everyone (both null).</summary>
public sealed record RuleOverrideView(string Rule, long? PartnerId, string? OfferId, long? Limit, string Outcome, DateTime UpdatedAt);
