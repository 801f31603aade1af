namespace Offerwall.PartnerApi;

/// <summary>
/// The Data API speaks US Eastern time (America/New_York, EST or EDT as the date requires):
/// its dates are Eastern calendar days and its date_time is Eastern wall-clock time.
/// </summary>
public static class EasternTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>Why a day written by a client is refused: not YYYY-MM-DD, or outside the years handled.</summary>
    public enum DayError { None, Format, Range }

    /// <summary>
    /// Reads a calendar day written YYYY-MM-DD. Years are kept to 1970–9000, far from the ends of
    /// DateTime, so day arithmetic and time-zone conversion never overflow. Every API and command
    /// that takes a day reads it here.
    /// </summary>
    public static DayError ParseDay(string text, out DateOnly day)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day))
            return DayError.Format;
        return day.Year is >= 1970 and <= 9000 ? DayError.None : DayError.Range;
    }

    public static bool TryParseDay(string text, out DateOnly day) => ParseDay(text, out day) == DayError.None;

    public static DateOnly Today(DateTime utcNow) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utcNow, Zone));

    /// <summary>The UTC instant at which an Eastern calendar day starts (midnight is never skipped by DST there).</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone);

    /// <summary>[start, end) in UTC covering the Eastern days <paramref name="from"/>..<paramref name="to"/> inclusive.</summary>
    public static (DateTime FromUtc, DateTime ToUtcExclusive) Range(DateOnly from, DateOnly to) =>
        (StartOfDayUtc(from), StartOfDayUtc(to.AddDays(1)));

    public static string Format(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
