namespace Offerwall.Fraud;

/// <summary>One rule the operator can set: its name (as the admin API, the CLI and the configuration spell it), whether it has a figure, and where it is checked.</summary>
public sealed record FraudRule(string Name, bool HasLimit, bool AtStart, string Description)
{
    public const string MinSecondsToConvert = "min_seconds_to_convert";
    public const string MaxSecondsToConvert = "max_seconds_to_convert";
    public const string UserConversionsPerHour = "user_conversions_per_hour";
    public const string UserConversionsPerDay = "user_conversions_per_day";
    public const string AddressConversionsPerHour = "address_conversions_per_hour";
    public const string AddressConversionsPerDay = "address_conversions_per_day";
    public const string DeviceConversionsPerHour = "device_conversions_per_hour";
    public const string DeviceConversionsPerDay = "device_conversions_per_day";
    public const string AddressClicksPerHour = "address_clicks_per_hour";
    public const string DeviceUsers = "device_users";
    public const string DeviceOfferOnce = "device_offer_once";
    public const string CountryChange = "country_change";

    /// <summary>Every rule, in the order they are listed and checked.</summary>
    public static readonly IReadOnlyList<FraudRule> All =
    [
        new(MinSecondsToConvert, true, false, "Fewer seconds than this from the click to the conversion (click-to-install time)."),
        new(MaxSecondsToConvert, true, false, "More seconds than this from the click to the conversion."),
        new(UserConversionsPerHour, true, false, "More conversions than this of one user in the last hour, this one included."),
        new(UserConversionsPerDay, true, false, "More conversions than this of one user in the last 24 hours, this one included."),
        new(AddressConversionsPerHour, true, false, "More conversions than this from one address (the click's) in the last hour, this one included."),
        new(AddressConversionsPerDay, true, false, "More conversions than this from one address in the last 24 hours, this one included."),
        new(DeviceConversionsPerHour, true, false, "More conversions than this from one device in the last hour, this one included."),
        new(DeviceConversionsPerDay, true, false, "More conversions than this from one device in the last 24 hours, this one included."),
        new(AddressClicksPerHour, true, true, "More offer starts (new clicks) than this from one address in the last hour, this one included."),
        new(DeviceUsers, true, true, "One device used by more users of one partner than this (multi-accounting)."),
        new(DeviceOfferOnce, false, false, "One device converting an offer that another user already converted on it (multi-accounting)."),
        new(CountryChange, false, true, "A user whose clicks come from different countries."),
    ];

    public static FraudRule? Find(string? name) => All.FirstOrDefault(r => r.Name == name);

    public static bool TryParseOutcome(string? text, out RuleOutcome outcome)
    {
        outcome = RuleOutcome.Off;
        return text is not null && !char.IsDigit(text.FirstOrDefault()) && Enum.TryParse(text, ignoreCase: true, out outcome) && Enum.IsDefined(outcome);
    }

    public static string OutcomeName(RuleOutcome outcome) => outcome.ToString().ToLowerInvariant();
}
