namespace Offerwall.Fraud;

/// <summary>What the rules decided together: the strongest outcome of those that triggered, and all of them for the history.</summary>
public sealed record Verdict(RuleOutcome Outcome, IReadOnlyList<Finding> Findings)
{
    public static readonly Verdict Clean = new(RuleOutcome.Off, []);

    public static Verdict Of(IReadOnlyList<Finding> findings) =>
        findings.Count == 0 ? Clean : new Verdict(findings.Max(f => f.Outcome), findings);

    /// <summary>
    /// The names of the rules that triggered, comma-separated, each once (what the review queue filters by and lists): a rule that
    /// triggered at the click's start and again at the conversion has two findings, but is one rule.
    /// </summary>
    public string Rules => string.Join(',', Findings.Select(f => f.Rule).Distinct());

    /// <summary>For the conversion's history: "held by fraud rules: a (figures); b (figures)".</summary>
    public string Describe() => Outcome switch
    {
        RuleOutcome.Off => "",
        _ => $"{Words(Outcome)} by fraud rules: {string.Join("; ", Findings)}",
    };

    /// <summary>The findings as a click keeps them (<see cref="Restore"/> reads them back): one per line, rule and figures apart.</summary>
    public string Store() => string.Join('\n', Findings.Select(f => $"{f.Rule}\t{f.Figures}"));

    /// <summary>The findings a click kept at its start, each now with the click's outcome and said to be from the start.</summary>
    public static IEnumerable<Finding> Restore(string stored, RuleOutcome outcome) => stored.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split('\t', 2)).Select(parts => new Finding(parts[0], outcome, $"at the start: {(parts.Length > 1 ? parts[1] : "")}"));

    private static string Words(RuleOutcome outcome) => outcome switch
    {
        RuleOutcome.Reject => "rejected",
        RuleOutcome.Hold => "held for review",
        _ => "flagged for review",
    };
}
