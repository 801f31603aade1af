namespace Offerwall.Fraud;

/// <summary>One rule's setting in the configuration: its figure and its outcome (off, flag, hold, reject).</summary>
public sealed class RuleConfig
{
    public long? Limit { get; set; }
    public string Outcome { get; set; } = "off";
}
