namespace Offerwall.Fraud;

/// <summary>The rules that are on for one partner and offer, each with the setting that applies to it.</summary>
public sealed class RuleBook(IReadOnlyList<ActiveRule> rules)
{
    public static readonly RuleBook Empty = new([]);

    public IReadOnlyList<ActiveRule> Rules { get; } = rules;

    public bool IsEmpty => Rules.Count == 0;

    public ActiveRule? this[string name] => Rules.FirstOrDefault(r => r.Name == name);
}
