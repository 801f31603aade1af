namespace Offerwall.Web;

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

    /// <summary>Days in a default range: the last 7, as the Data API (seed 000).</summary>
    public const int DefaultDays = 7;

    /// <summary>
    /// The range of Eastern days a request means, for every API and command that takes from_date and
    /// to_date: the 7 days ending today when neither is given; one end given alone keeps the 7-day
    /// width (to_date alone: the 7 days ending on it; from_date alone: from it to today). Whether
    /// from is after to is the caller's to say, in its own words.
    /// </summary>
    public static (DateOnly From, DateOnly To) DefaultRange(DateOnly? from, DateOnly? to, DateOnly today) => (from, to) switch
    {
        (null, null) => (today.AddDays(1 - DefaultDays), today),
        (null, { } t) => (t.AddDays(1 - DefaultDays), t),
        ({ } f, null) => (f, today),
        ({ } f, { } t) => (f, t),
    };

    /// <summary>The UTC instant at which an Eastern calendar day starts (midnight is never skipped by DST there).</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone);

    /// <summary>[start, end) in UTC covering the Eastern days <paramref name="from"/>..<paramref name="to"/> inclusive.</summary>
    public static (DateTime FromUtc, DateTime ToUtcExclusive) Range(DateOnly from, DateOnly to) =>
        (StartOfDayUtc(from), StartOfDayUtc(to.AddDays(1)));

    public static string Format(DateTime utc) => new Formatter().Format(utc);

    /// <summary>
    /// Writes instants as Eastern wall-clock "yyyy-MM-dd HH:mm:ss". For a page of rows in time order:
    /// the zone's offset is looked up once per UTC hour (it only ever changes on a whole UTC hour
    /// there), and the digits are written directly.
    /// </summary>
    public sealed class Formatter
    {
        private long _hour = -1;
        private long _offset;

        /// <summary>How many characters <see cref="Format(DateTime, Span{char})"/> writes.</summary>
        public const int Length = 19;

        public string Format(DateTime utc) => string.Create(Length, Local(utc), static (s, t) => Write(s, t));

        /// <summary>As <see cref="Format(DateTime)"/>, into <paramref name="into"/> (at least <see cref="Length"/> long): no string is made.</summary>
        public void Format(DateTime utc, Span<char> into) => Write(into, Local(utc));

        private DateTime Local(DateTime utc)
        {
            var hour = utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour;
            if (hour != _hour)
            {
                _offset = Zone.GetUtcOffset(new DateTime(hour, DateTimeKind.Utc)).Ticks;
                _hour = hour;
            }
            return new DateTime(utc.Ticks + _offset, DateTimeKind.Unspecified);
        }

        private static void Write(Span<char> s, DateTime t)
        {
            Digits(s[..4], t.Year);
            s[4] = '-';
            Digits(s.Slice(5, 2), t.Month);
            s[7] = '-';
            Digits(s.Slice(8, 2), t.Day);
            s[10] = ' ';
            Digits(s.Slice(11, 2), t.Hour);
            s[13] = ':';
            Digits(s.Slice(14, 2), t.Minute);
            s[16] = ':';
            Digits(s.Slice(17, 2), t.Second);
        }

        private static void Digits(Span<char> into, int value)
        {
            for (var i = into.Length - 1; i >= 0; i--, value /= 10) into[i] = (char)('0' + value % 10);
        }
    }
}
