using Offerwall.Data;

namespace Offerwall.Offers;

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

    /// <summary>A promotion's reward: base × multiplier + bonus, to the cent.</summary>
    public static decimal Promoted(decimal baseReward, Promotion promotion) => Cents(baseReward * promotion.Multiplier + promotion.Bonus);

    /// <summary>
    /// The amounts of a conversion of <paramref name="goal"/> for <paramref name="partner"/>.
    /// A flat goal pays what it is configured to. A dynamic goal (a purchase) pays what the
    /// advertiser reports (<paramref name="reportedPayout"/>), and the user's reward scales with it:
    /// goal reward × reported payout / goal payout. Of the promotions running, the one that gives
    /// the user the most applies; promotions never make a non-paying goal pay.
    /// </summary>
    public static Amounts Compute(Goal goal, Partner partner, decimal? reportedPayout, IEnumerable<Promotion> running)
    {
        var dynamic = goal.Kind == GoalKind.Dynamic && reportedPayout is not null;
        var advertiserPayout = dynamic ? reportedPayout!.Value : goal.Payout;
        var baseReward = dynamic && goal.Payout > 0 ? Cents(goal.Reward * advertiserPayout / goal.Payout) : goal.Reward;

        var (reward, promotionId) = (baseReward, (long?)null);
        if (baseReward > 0)
        {
            foreach (var promotion in running)
            {
                var promoted = Promoted(baseReward, promotion);
                if (promoted > reward) (reward, promotionId) = (promoted, promotion.Id);
            }
        }
        return new Amounts(reward, Local(reward, partner.CurrencyRatio), PartnerPayout(advertiserPayout, partner.RevenueShare), advertiserPayout, promotionId);
    }
}
