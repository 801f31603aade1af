using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>
/// Daily caps reset at the midnight of the offer's cap time zone (US Eastern by default), on the days daylight saving time starts
/// and ends too (23 and 25 hours long): with a daily cap of one conversion, one is approved on each side of a local midnight, and a
/// second one the same local day is over the cap. The fake clock moves to the DST days of the year after the one it shows, so each
/// test finds its days ahead of whatever the class's other tests did to the clock.
/// </summary>
public abstract class DailyCapTests(AppFixture app)
{
    private static DateTime Sunday(int year, int month, int nth)
    {
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc);
        var day = first.AddDays(((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7);
        return day.AddDays(7 * (nth - 1));
    }

    private static DateTime LastSunday(int year, int month)
    {
        var last = new DateTime(year, month, DateTime.DaysInMonth(year, month), 0, 0, 0, DateTimeKind.Utc);
        return last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Sunday + 7) % 7));
    }

    /// <summary>Clicks of <paramref name="count"/> users, started while the offer runs (a full cap refuses new starts).</summary>
    private static async Task<List<string>> ClicksAsync(Desk desk, string offer, int count)
    {
        var txs = new List<string>();
        for (var i = 0; i < count; i++) txs.Add((await desk.StartedAsync(offer, $"user-{i}")).TxId);
        return txs;
    }

    /// <summary>
    /// One local day, as UTC instants: it starts at <paramref name="start"/> and the next starts at <paramref name="end"/>. A daily cap
    /// of one takes one conversion just before the day, one at its first instant, refuses one at its last second, and takes one at the
    /// next day's first instant.
    /// </summary>
    private async Task CapResetsAtLocalMidnightsAsync(Desk desk, string offer, IReadOnlyList<string> txs, DateTime start, DateTime end, string label)
    {
        var goal = Desk.Goal(offer);

        app.Clock.SetUtcNow(start.AddSeconds(-1));
        Assert.Equal("approved", (await desk.ConvertAsync(txs[0], goal)).Status);
        Assert.Empty(await desk.OffersAsync($"{label}-new", [offer]));   // the day before is full too
        app.Clock.SetUtcNow(start);
        Assert.Equal([offer], await desk.OffersAsync($"{label}-new", [offer]));
        Assert.True((await desk.ConvertAsync(txs[1], goal)).Status == "approved", $"{label}: the day starting at {start:u} takes its first conversion");

        app.Clock.SetUtcNow(end.AddSeconds(-1));
        Assert.Empty(await desk.OffersAsync($"{label}-new", [offer]));
        var over = await desk.ConvertAsync(txs[2], goal);
        Assert.True(over.Status == "cancelled", $"{label}: {end.AddSeconds(-1):u} is still the day starting at {start:u}");
        Assert.Equal(["over_cap"], (await desk.StateAsync(over.Id)).Reasons);

        app.Clock.SetUtcNow(end);
        Assert.Equal([offer], await desk.OffersAsync($"{label}-new", [offer]));
        Assert.True((await desk.ConvertAsync(txs[3], goal)).Status == "approved", $"{label}: a new day starts at {end:u}");
    }

    [Fact]
    public async Task ADailyCapResetsAtMidnightUsEasternByDefaultOnTheDaysClocksChange()
    {
        var year = app.UtcNow.Year + 1;
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(new() { ["caps"] = new { daily_conversions = 1 } });
        var txs = await ClicksAsync(desk, offer, 8);

        // DST starts on the second Sunday of March: that day runs from 00:00 EST (05:00Z) to 00:00 EDT (04:00Z next day), 23 hours.
        var spring = Sunday(year, 3, 2);
        await CapResetsAtLocalMidnightsAsync(desk, offer, txs[..4], spring.AddHours(5), spring.AddDays(1).AddHours(4), "ny-spring");
        // DST ends on the first Sunday of November: from 00:00 EDT (04:00Z) to 00:00 EST (05:00Z next day), 25 hours.
        var fall = Sunday(year, 11, 1);
        await CapResetsAtLocalMidnightsAsync(desk, offer, txs[4..], fall.AddHours(4), fall.AddDays(1).AddHours(5), "ny-fall");
    }

    [Fact]
    public async Task ADailyCapCountsInTheOffersOwnTimeZone()
    {
        var year = app.UtcNow.Year + 1;
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(new() { ["caps"] = new { daily_conversions = 1, time_zone = "Europe/Berlin" } });
        // A goal's daily cap counts in its offer's zone too.
        var goalCapped = await desk.ImportAsync(new() { ["caps"] = new { time_zone = "Europe/Berlin" } },
            new { id = "0", name = "Install", payout = 1.5m, reward = 0.5m, caps = new { daily_conversions = 1 } });
        var txs = await ClicksAsync(desk, offer, 9);
        var goalTxs = await ClicksAsync(desk, goalCapped, 3);

        // Central European summer time starts on the last Sunday of March: from 00:00 CET (23:00Z the day before) to 00:00 CEST (22:00Z).
        var spring = LastSunday(year, 3);
        await CapResetsAtLocalMidnightsAsync(desk, offer, txs[..4], spring.AddHours(-1), spring.AddHours(22), "berlin-spring");
        var monday = spring.AddHours(22);   // 00:00 CEST on Monday is 22:00Z on Sunday
        app.Clock.SetUtcNow(monday.AddHours(24).AddSeconds(-1));   // 23:59:59 CEST on Monday, 21:59:59Z
        Assert.Equal("approved", (await desk.ConvertAsync(goalTxs[0], Desk.Goal(goalCapped))).Status);
        app.Clock.SetUtcNow(monday.AddHours(24));                  // 00:00 CEST on Tuesday, still Monday in UTC
        Assert.Equal("approved", (await desk.ConvertAsync(goalTxs[1], Desk.Goal(goalCapped))).Status);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("cancelled", (await desk.ConvertAsync(goalTxs[2], Desk.Goal(goalCapped))).Status);

        // It ends on the last Sunday of October: from 00:00 CEST (22:00Z the day before) to 00:00 CET (23:00Z), 25 hours.
        var fall = LastSunday(year, 10);
        await CapResetsAtLocalMidnightsAsync(desk, offer, txs[4..8], fall.AddHours(-2), fall.AddHours(23), "berlin-fall");

        // Reversed on Monday, Sunday's conversion gives its unit back to Sunday: Monday's cap stays full.
        Assert.Equal("reversed", (string?)(await desk.PostbackAsync(txs[5], Desk.Goal(offer), [("reverse", "1")])).Body["conversion_status"]);
        Assert.Equal("cancelled", (await desk.ConvertAsync(txs[8], Desk.Goal(offer))).Status);
        Assert.Empty(await desk.OffersAsync("after-reversal", [offer]));
    }
}
