using Offerwall.Web;

namespace Offerwall.Tests.Web;

public sealed class EasternTimeTests
{
    [Theory]
    [InlineData("2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z")] // 23-hour day
    [InlineData("2026-11-01", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z")] // 25-hour day
    [InlineData("2026-07-01", "2026-07-01T04:00:00Z", "2026-07-02T04:00:00Z")]
    [InlineData("2026-01-01", "2026-01-01T05:00:00Z", "2026-01-02T05:00:00Z")]
    public void DayRangeIsEasternMidnightToMidnightInUtc(string day, string from, string to)
    {
        var (f, t) = EasternTime.Range(DateOnly.Parse(day), DateOnly.Parse(day));
        Assert.Equal(DateTime.Parse(from, null, System.Globalization.DateTimeStyles.AdjustToUniversal), f);
        Assert.Equal(DateTime.Parse(to, null, System.Globalization.DateTimeStyles.AdjustToUniversal), t);
        Assert.Equal(DateTimeKind.Utc, f.Kind);
    }

    [Theory]
    [InlineData(null, null, "2026-11-17", "2026-11-23")]
    [InlineData(null, "2026-11-10", "2026-11-04", "2026-11-10")]         // to_date alone: the 7 days ending on it
    [InlineData("2026-11-01", null, "2026-11-01", "2026-11-23")]         // from_date alone: up to today
    [InlineData("2026-11-30", null, "2026-11-30", "2026-11-23")]         // after today: the caller refuses it
    [InlineData("2026-11-05", "2026-11-06", "2026-11-05", "2026-11-06")]
    public void DefaultRangeIsTheSevenDaysEndingOnToDateOrToday(string? from, string? to, string wantFrom, string wantTo)
    {
        DateOnly? Day(string? s) => s is null ? null : DateOnly.Parse(s);
        Assert.Equal((DateOnly.Parse(wantFrom), DateOnly.Parse(wantTo)), EasternTime.DefaultRange(Day(from), Day(to), new DateOnly(2026, 11, 23)));
    }

    [Theory]
    [InlineData("2026-11-01T05:30:00Z", "2026-11-01 01:30:00")] // the first 01:30 (EDT)
    [InlineData("2026-11-01T06:30:00Z", "2026-11-01 01:30:00")] // the second 01:30 (EST)
    [InlineData("2026-03-08T07:00:00Z", "2026-03-08 03:00:00")] // 02:00 EST jumps to 03:00 EDT
    public void FormatIsEasternWallClock(string utc, string shown) =>
        Assert.Equal(shown, EasternTime.Format(DateTime.Parse(utc, null, System.Globalization.DateTimeStyles.AdjustToUniversal)));

    /// <summary>A page's formatter reuses each hour's offset: across both changes of the clock it must still agree with the zone at every step.</summary>
    [Theory]
    [InlineData("2026-03-07T20:00:00Z")]
    [InlineData("2026-10-31T20:00:00Z")]
    [InlineData("1999-12-31T20:00:00Z")]
    public void APageFormatterAgreesWithTheZoneAcrossClockChanges(string startUtc)
    {
        var formatter = new EasternTime.Formatter();
        var start = DateTime.Parse(startUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        for (var t = start; t < start.AddHours(36); t = t.AddSeconds(397))
        {
            var expected = TimeZoneInfo.ConvertTimeFromUtc(t, EasternTime.Zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, formatter.Format(t));
        }
    }

    [Fact]
    public void TodayIsTheEasternDate() =>
        Assert.Equal(new DateOnly(2026, 11, 22), EasternTime.Today(new DateTime(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc)));
}
