using Offerwall.Tests.Offers;

namespace Offerwall.Tests.Fraud;

/// <summary>
/// The fraud tests' servers: real Kestrel on 127.0.0.1 (so a click has an address for the address rules), the approval job of
/// <see cref="LongClock"/> (the tests move the fake clock by hours and days to age conversions out of the rules' windows), and the
/// app's ?country= believed (Geo:TrustCountryParameter), so a test gives its users countries.
/// </summary>
public static class FraudSetup
{
    public static readonly KeyValuePair<string, string?>[] Settings = [.. LongClock.Settings, new("Geo:TrustCountryParameter", "true")];

    /// <summary>With a setting for everyone in the configuration: min_seconds_to_convert 60 s, flag.</summary>
    public static readonly KeyValuePair<string, string?>[] Configured =
    [
        .. Settings, new("Fraud:Rules:min_seconds_to_convert:Limit", "60"), new("Fraud:Rules:min_seconds_to_convert:Outcome", "flag"),
    ];
}
