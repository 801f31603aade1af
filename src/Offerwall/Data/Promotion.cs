namespace Offerwall.Data;

/// <summary>
/// Raises users' rewards for a time window, for one offer or for all of one partner's offers
/// (or both null: everything). Reward = base × Multiplier + Bonus.
/// </summary>
public sealed class Promotion
{
    public long Id { get; set; }
    public long? OfferId { get; set; }
    public long? PartnerId { get; set; }
    public decimal Multiplier { get; set; } = 1m;
    public decimal Bonus { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
}
