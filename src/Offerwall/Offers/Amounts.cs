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
