namespace Offerwall.Data;

/// <summary>
/// The operator's setting of one fraud rule: for everyone (no partner, no offer), for one partner, or for one offer.
/// The most specific one applies (offer, then partner, then everyone, then the configuration's Fraud section).
/// </summary>
public sealed class FraudRuleSetting
{
    public long Id { get; set; }
    public long? PartnerId { get; set; }
    public long? OfferId { get; set; }
    public required string Rule { get; set; }

    /// <summary>The rule's figure (seconds, or a count); null for a rule that has none.</summary>
    public long? Limit { get; set; }

    /// <summary>off, flag, hold or reject.</summary>
    public required string Outcome { get; set; }

    public DateTime UpdatedAt { get; set; }
}
