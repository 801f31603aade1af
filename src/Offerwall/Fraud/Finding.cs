namespace Offerwall.Fraud;

/// <summary>A rule that triggered: its outcome and the figures that made it ("3 conversions from 203.0.113.7 in the last hour, limit 2").</summary>
public sealed record Finding(string Rule, RuleOutcome Outcome, string Figures)
{
    public override string ToString() => $"{Rule} ({Figures})";
}
