namespace Offerwall.Fraud;

/// <summary>A rule that is on for one partner and offer: its figure (0 for a rule without one) and what it does.</summary>
public sealed record ActiveRule(string Name, long Limit, RuleOutcome Outcome);
