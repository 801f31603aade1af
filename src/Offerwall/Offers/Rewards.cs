using Offerwall.Data;

namespace Offerwall.Offers;

/// <summary>The amounts of one conversion, fixed when the advertiser reports it.</summary>
public sealed record Amounts(decimal Reward, decimal RewardLocal, decimal Payout, decimal AdvertiserPayout, long? PromotionId)
{
    /// <summary>
    /// The most any amount of one conversion may be, in USD or in the partner's currency. Each input
    /// is bounded (a reward of 100,000 USD, a promotion of ×100 + 10,000 USD, a ratio of 1,000,000),
    /// but their product is not: 10,010,000 USD at 1,000,000 coins per USD is more micro-units than a
    /// 64-bit column holds. A billion is beyond any real reward, and leaves room for the sums of many.
    /// </summary>
    public const decimal Max = 1_000_000_000m;

    /// <summary>Why these amounts cannot be recorded (one is beyond <see cref="Max"/>), or null when they can.</summary>
    public string? TooLarge()
    {
        var what = Math.Abs(Reward) > Max ? "user's reward"
            : Math.Abs(RewardLocal) > Max ? "user's reward in the partner's currency"
            : Math.Abs(Payout) > Max ? "partner's payout"
            : Math.Abs(AdvertiserPayout) > Max ? "advertiser's payout"
            : null;
        return what is null ? null : $"The conversion's {what} would be more than 1,000,000,000, the most one conversion may be worth.";
    }
}

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
