namespace Offerwall.Conversions;

/// <summary>
/// The money arithmetic of a conversion, exact in decimal. USD amounts are rounded to whole
/// cents and local-currency amounts to 2 decimals, both half away from zero (0.005 → 0.01),
/// the way people expect on a statement.
/// </summary>
public static class Rewards
{
    public static decimal Cents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>The user's reward in the partner's currency: USD reward × currency ratio.</summary>
    public static decimal Local(decimal rewardUsd, decimal currencyRatio) => Cents(rewardUsd * currencyRatio);

    /// <summary>The partner's payout: the advertiser's payout × the partner's revenue share.</summary>
    public static decimal PartnerPayout(decimal advertiserPayout, decimal revenueShare) => Cents(advertiserPayout * revenueShare);
}
