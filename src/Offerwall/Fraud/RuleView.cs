namespace Offerwall.Fraud;

/// <summary>One fraud rule as the operator sees it: what it checks, its setting for everyone (and where that comes from), and its overrides.</summary>
public sealed record RuleView(string Rule, string Description, bool HasLimit, bool AtStart, long? Limit, string Outcome, string Source,
    IReadOnlyList<RuleOverrideView> Overrides);
