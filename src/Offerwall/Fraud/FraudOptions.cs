namespace Offerwall.Fraud;

/// <summary>
/// Section "Fraud": each rule's setting for everyone, by rule name (<c>Fraud:Rules:min_seconds_to_convert:Limit</c>, <c>…:Outcome</c>).
/// The operator's settings through the admin API or the command line win over these. Every rule is off unless set.
/// </summary>
public sealed class FraudOptions
{
    public Dictionary<string, RuleConfig> Rules { get; set; } = [];

    /// <summary>How long a node keeps the operator's settings before reading them again (another node's change reaches it within this).</summary>
    public TimeSpan Refresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Every problem of the section, to refuse to start with.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, config) in Rules)
        {
            var rule = FraudRule.Find(name);
            if (rule is null) yield return $"Fraud:Rules:{name}: no such rule ({string.Join(", ", FraudRule.All.Select(r => r.Name))}).";
            else if (!FraudRule.TryParseOutcome(config.Outcome, out var outcome)) yield return $"Fraud:Rules:{name}:Outcome must be off, flag, hold or reject.";
            else if (outcome != RuleOutcome.Off && rule.HasLimit && config.Limit is not (>= 0 and <= RuleSettings.MaxLimit))
                yield return $"Fraud:Rules:{name}:Limit must be a whole number from 0 to {RuleSettings.MaxLimit}.";
        }
        if (Refresh <= TimeSpan.Zero) yield return "Fraud:Refresh must be positive.";
    }
}
