using System.Globalization;

namespace Offerwall.Reports;

/// <summary>
/// A report's days in its time zone, as UTC hours (hours since 1970-01-01 UTC, the rollups' key). The rollups
/// are kept per UTC hour, so a zone works when its offset from UTC is a whole number of hours on every day of
/// the range (every zone but a few, such as India's and Nepal's); a day that a daylight-saving change makes 23
/// or 25 hours long is 23 or 25 UTC hours. Pure.
/// </summary>
public static class ReportZone
{
    /// <summary>One stretch of hours [Start, End) with the same offset, in whole hours.</summary>
    public sealed record Segment(long Start, long End, int OffsetHours);

    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;

    public static DateTime ToUtc(long hour) => DateTime.UnixEpoch.AddHours(hour);

    public static long HourOf(DateTime utc) => (long)Math.Floor((utc - DateTime.UnixEpoch).TotalHours);

    public static DateOnly LocalDay(long hour, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(ToUtc(hour), zone));

    /// <summary>The first UTC hour whose local date is <paramref name="day"/> or later.</summary>
    public static long FirstHourOf(DateOnly day, TimeZoneInfo zone)
    {
        // Offsets lie within ±14 hours: start a day early and walk forward.
        var hour = (long)(day.DayNumber - EpochDay) * 24 - 15;
        while (LocalDay(hour, zone) < day) hour++;
        return hour;
    }

    /// <summary>The UTC hours [From, To) of the local days from..to (both included).</summary>
    public static (long From, long To) Hours(DateOnly from, DateOnly to, TimeZoneInfo zone) =>
        (FirstHourOf(from, zone), FirstHourOf(to.AddDays(1), zone));

    /// <summary>
    /// The hours split where the zone's offset changes, or null with the offending offset when one is not a
    /// whole number of hours. Walks a day at a time and bisects a day in which the offset changed.
    /// </summary>
    public static (List<Segment>? Segments, TimeSpan BadOffset) Segments(long from, long to, TimeZoneInfo zone)
    {
        var segments = new List<Segment>();
        var start = from;
        var offset = Offset(start);
        while (start < to)
        {
            if (offset.Ticks % TimeSpan.TicksPerHour != 0) return (null, offset);
            var end = start;
            while (end < to && Offset(Math.Min(end + 24, to - 1)) == offset) end = Math.Min(end + 24, to);
            if (end < to)
            {
                // The offset changes within (end, end + 24]: find the first hour with another one.
                long low = end, high = Math.Min(end + 24, to - 1);
                while (low + 1 < high)
                {
                    var middle = (low + high) / 2;
                    if (Offset(middle) == offset) low = middle; else high = middle;
                }
                end = high;
            }
            segments.Add(new Segment(start, end, (int)(offset.Ticks / TimeSpan.TicksPerHour)));
            start = end;
            if (start < to) offset = Offset(start);
        }
        return (segments, TimeSpan.Zero);

        TimeSpan Offset(long hour) => zone.GetUtcOffset(ToUtc(hour));
    }

    /// <summary>A local day number (days since 1970-01-01) of an hour at a whole-hour offset, as the rollups' SQL computes it.</summary>
    public static long DayBucket(long hour, int offsetHours) => (hour + offsetHours + 48) / 24 - 2;

    public static string DayText(long dayBucket) =>
        DateOnly.FromDayNumber((int)(dayBucket + EpochDay)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An hour as local time with its offset, e.g. 2026-10-25T02:00:00+02:00 (unambiguous on the day clocks go back).</summary>
    public static string HourText(long hour, int offsetHours) =>
        new DateTimeOffset(ToUtc(hour).AddHours(offsetHours).Ticks, TimeSpan.FromHours(offsetHours))
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
