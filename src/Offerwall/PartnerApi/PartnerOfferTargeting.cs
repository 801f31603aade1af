namespace Offerwall.PartnerApi;

/// <summary>Who may start a catalog offer and when: countries (empty: all), excluded countries, platforms (empty: all), OS bounds, schedule (UTC).</summary>
public sealed record PartnerOfferTargeting(
    IReadOnlyList<string> Countries, IReadOnlyList<string> ExcludedCountries, IReadOnlyList<string> Platforms, string? MinOsVersion, string? MaxOsVersion,
    string? StartsAt, string? EndsAt);

/// <summary>Conversions left under the offer's own conversion caps (null: no such cap); the daily one resets at <see cref="ResetsAt"/>.</summary>
public sealed record PartnerOfferCapsLeft(int? Today, int? Total, string? ResetsAt);

/// <summary>
/// A promotion running for the asking partner on a catalog offer: reward = base × multiplier + bonus (USD; in the partner's currency
/// <see cref="BonusLocalCurrency"/>). Scope: offer (this offer only) or all_offers.
/// </summary>
public sealed record PartnerOfferPromotion(string Scope, decimal Multiplier, decimal Bonus, decimal BonusLocalCurrency, string StartsAt, string EndsAt);
