using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Offers;

/// <summary>Who is asking for offers: their country (ISO code; null when unknown) and the devices they can complete offers on.</summary>
public sealed record Audience(string? Country, IReadOnlyList<Device> Devices);

/// <summary>
/// The one targeting rule, used by the offer list (and so the wall), the offer details and the start:
/// an offer targets a user when the user's country is in its countries (or it lists none) and not in
/// its excluded countries, and one of the user's devices is on one of its platforms (or it lists none)
/// with an OS version within its bounds. An unknown country (no geo database, or an address it does not
/// know) is targeted only by offers that name no countries at all, included or excluded.
/// </summary>
public static class Targeting
{
    /// <summary>
    /// A platform as operators write it in an offer, normalized: android, ios, web (desktop is web), or a mobile platform with its
    /// device type (android_phone, android_tablet, ios_phone, ios_tablet); null when it is none of them.
    /// </summary>
    public static string? PlatformOf(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        var typed and ("android_phone" or "android_tablet" or "ios_phone" or "ios_tablet") => typed,
        _ => Device.PlatformOf(value),
    };

    public static bool Targets(Offer offer, Audience audience) => Refusal(offer, audience) is null;

    /// <summary>Why the offer does not target this user, for the client API's 403; null when it does.</summary>
    public static string? Refusal(Offer offer, Audience audience)
    {
        if (!TargetsCountry(offer, audience.Country)) return "offer not available in your country";
        if (!audience.Devices.Any(d => d.Matches(offer.Platforms, offer.MinOsVersion, offer.MaxOsVersion))) return "offer not available on your device";
        return null;
    }

    /// <summary>Whether the offer targets users in <paramref name="country"/> (null: unknown), by the rule above.</summary>
    public static bool TargetsCountry(Offer offer, string? country) =>
        (offer.Countries.Length == 0 || Listed(offer.Countries, country))
        && (offer.ExcludedCountries.Length == 0 || country is not null && !Listed(offer.ExcludedCountries, country));

    /// <summary>Whether some device of <paramref name="platform"/> (android, ios or web), of any type and OS version, is on one of the offer's platforms.</summary>
    public static bool OnPlatform(Offer offer, string platform) =>
        AnyType.Any(type => new Device(platform, type, null).Matches(offer.Platforms, null, null));

    private static readonly string[] AnyType = [Device.Phone, Device.Tablet, Device.Desktop];

    /// <summary>Paused for users: by the operator, or every goal of it paused (goals loaded). Users cannot start it; who started keeps it.</summary>
    public static bool IsPaused(Offer offer) => offer.Paused || EveryGoalPaused(offer);

    /// <summary>Every goal of the offer (goals loaded) paused by the operator: nothing is left to offer.</summary>
    public static bool EveryGoalPaused(Offer offer) => offer.Goals.Count > 0 && offer.Goals.TrueForAll(g => g.Paused);

    /// <summary>Whether the offer's schedule has it open at <paramref name="now"/>: from starts_at (inclusive) to ends_at (exclusive).</summary>
    public static bool IsOpen(Offer offer, DateTime now) => (offer.StartsAt is null || now >= offer.StartsAt) && (offer.EndsAt is null || now < offer.EndsAt);

    private static bool Listed(string list, string? value)
    {
        if (value is null) return false;
        foreach (var range in list.AsSpan().Split(','))
            if (list.AsSpan()[range].Equals(value, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
