using Offerwall.Data;

namespace Offerwall.Offers;

/// <summary>
/// What a goal promises one partner's users before any conversion: its reward in USD and in the partner's currency, the same with the best
/// running promotion (null: none raises it), and the partner's payout (USD).
/// </summary>
public sealed record GoalPromise(decimal Reward, decimal RewardLocal, decimal? PromotionalReward, decimal? PromotionalRewardLocal, decimal Payout);

/// <summary>
/// A goal's terms as the APIs show them to partners and users, shared by the client API and the partner's offer catalog: what it
/// promises (by <see cref="Rewards.Compute"/>, so a conversion pays exactly what was shown) and the names of its kind and display type.
/// </summary>
public static class GoalTerms
{
    /// <summary>
    /// What <paramref name="goal"/> promises <paramref name="partner"/>'s users with <paramref name="running"/> promotions (those covering
    /// the goal's offer for this partner): its configured amounts, so a dynamic goal's base reward and payout, which its conversions scale.
    /// </summary>
    public static GoalPromise Promise(Goal goal, Partner partner, IEnumerable<Promotion> running)
    {
        var amounts = Rewards.Compute(goal, partner, null, running);
        var promoted = amounts.PromotionId is not null;
        return new GoalPromise(goal.Reward, Rewards.Local(goal.Reward, partner.CurrencyRatio), promoted ? amounts.Reward : null,
            promoted ? amounts.RewardLocal : null, amounts.Payout);
    }

    /// <summary>
    /// The goals users are shown, in their order: those the operator has not paused, and a paused one the user already converted
    /// (<paramref name="converted"/>, by goal row id), so that their progress and points stay whole.
    /// </summary>
    public static IEnumerable<Goal> Shown(IEnumerable<Goal> goals, Func<long, bool>? converted = null) =>
        goals.Where(g => !g.Paused || converted?.Invoke(g.Id) == true).OrderBy(g => g.Position);

    /// <summary>flat (pays what it is set to) or dynamic (pays in proportion to the purchase the advertiser reports).</summary>
    public static string KindName(GoalKind kind) => kind == GoalKind.Dynamic ? "dynamic" : "flat";

    /// <summary>How the reward is shown: none, up_to ("up to N") or commission (N per purchase amount).</summary>
    public static string DisplayName(DisplayType type) => type switch { DisplayType.UpTo => "up_to", DisplayType.Commission => "commission", _ => "none" };
}
