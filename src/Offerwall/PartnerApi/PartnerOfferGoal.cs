namespace Offerwall.PartnerApi;

/// <summary>One goal of a catalog offer, its amounts for the asking partner: USD and the partner's currency, with the best running promotion.</summary>
public sealed record PartnerOfferGoal(
    string GoalId, string Uuid, string Name, string Type, int TypeId, bool Payable, string DisplayType,
    decimal Reward, decimal RewardLocalCurrency, decimal? PromotionalReward, decimal? PromotionalRewardLocalCurrency, decimal Payout,
    decimal? CommissionAmount, PartnerOfferTimePlayed? TimePlayed, int HoldHours, int? TimeLimitHours);

/// <summary>A time-played goal's unit ("minutes") and count.</summary>
public sealed record PartnerOfferTimePlayed(string Unit, int Count);
