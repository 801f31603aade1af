namespace Offerwall.Fraud;

/// <summary>
/// PUT /admin/fraud/rules/{rule}: the rule's setting for one partner (partner_id), one offer (offer_id), or everyone (neither):
/// its outcome (off, flag, hold or reject) and, for a rule with a figure, its limit.
/// </summary>
public sealed record RuleSettingBody(long? PartnerId, string? OfferId, long? Limit, string? Outcome);
