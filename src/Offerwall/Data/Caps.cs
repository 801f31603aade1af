namespace Offerwall.Data;

/// <summary>
/// Caps and budgets of an offer or a goal (null: none). Conversions count, and spend is what the
/// advertiser pays us for them (<see cref="Conversion.AdvertiserPayout"/>, USD). Daily ones count in
/// the offer's <see cref="Offer.CapTimeZone"/>. Counted in <see cref="CapCounter"/>.
/// </summary>
public sealed class Caps
{
    public const string DefaultTimeZone = "America/New_York";
    public const int MaxConversions = 1_000_000_000;
    public const decimal MaxBudget = 1_000_000_000m;

    public int? DailyConversions { get; set; }
    public int? TotalConversions { get; set; }
    public decimal? DailyBudget { get; set; }
    public decimal? TotalBudget { get; set; }

    public bool Any => DailyConversions is not null || TotalConversions is not null || DailyBudget is not null || TotalBudget is not null;

    public bool AnyDaily => DailyConversions is not null || DailyBudget is not null;

    public bool AnyTotal => TotalConversions is not null || TotalBudget is not null;
}
