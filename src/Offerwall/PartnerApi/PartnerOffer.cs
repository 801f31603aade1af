namespace Offerwall.PartnerApi;

/// <summary>One offer of the partner's catalog (GET /data/partner/offers); docs/partner-api.md describes each field.</summary>
public sealed record PartnerOffer(
    long Id, string OfferId, string Name, string Description, string Requirements, string Type, IReadOnlyList<string> Categories, string IconUrl,
    string SupportUrl, string Disclaimer, string ConfirmationTime, IReadOnlyList<string> ThingsToKnow, bool IsGame, string ProductId, string ProductName,
    string BudgetStatus, PartnerOfferTargeting Targeting, int? TimeLimitHours, PartnerOfferCapsLeft? CapsLeft, string CurrencyName,
    decimal TotalReward, decimal TotalRewardLocalCurrency, decimal? TotalPromotionalRewardLocalCurrency, decimal TotalPayout,
    IReadOnlyList<PartnerOfferPromotion> Promotions, IReadOnlyList<PartnerOfferGoal> Goals);
