using System.Globalization;

namespace Offerwall.Offers;

/// <summary>
/// The days daily caps count in: a calendar day of the offer's cap time zone (an IANA id, US Eastern by
/// default), so a daily cap resets at that zone's midnight, on DST days too (23 or 25 hours long).
/// </summary>
public static class CapDays
{
    /// <summary>The time zone with this IANA id; null when the system knows none.</summary>
    public static TimeZoneInfo? Find(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64) return null;
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return null; }
    }

    private static TimeZoneInfo Zone(string id) => Find(id) ?? Find(Data.Caps.DefaultTimeZone) ?? TimeZoneInfo.Utc;

    /// <summary>The day key ("yyyy-MM-dd") of <paramref name="utc"/> in the zone <paramref name="timeZoneId"/>.</summary>
    public static string DayOf(DateTime utc, string timeZoneId) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(timeZoneId)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>When the day of <paramref name="utc"/> ends in that zone (the next local midnight), in UTC: when a daily cap resets.</summary>
    public static DateTime NextReset(DateTime utc, string timeZoneId)
    {
        var zone = Zone(timeZoneId);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        var midnight = DateTime.SpecifyKind(local.Date.AddDays(1), DateTimeKind.Unspecified);
        // A midnight skipped by a DST change (some zones jump from 00:00): the day starts at the first time that exists.
        while (zone.IsInvalidTime(midnight)) midnight = midnight.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(midnight, zone);
    }
}
