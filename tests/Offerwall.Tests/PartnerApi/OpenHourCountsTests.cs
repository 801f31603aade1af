using System.Net;
using System.Text.Json.Nodes;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.PartnerApi;

/// <summary>
/// The Data API's exact total while the current hour fills (PartnerApi/LedgerCounts.cs): the part of the open hours older than the grace
/// is counted once and kept, the rest live, and each page's total is still every row of the range as time passes. Its own fixture: it moves
/// the clock.
/// </summary>
public abstract class OpenHourCountsTests(AppFixture app)
{
    private async Task<(long Total, int Rows)> TodayAsync(TestPartner p)
    {
        // The fixture's day: 2026-11-23 (Eastern), whatever the clock's minutes.
        using var response = await p.ConversionsAsync("?from_date=2026-11-23&to_date=2026-11-23&per_page=100&page=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return ((long)body["meta"]!["total"]!, body["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task TheTotalCountsEveryRowAsTheHourFillsAndTheGraceMovesOn()
    {
        var p = await TestPartner.CreateAsync(app);
        var start = app.UtcNow;   // 15:00 UTC: the open hours begin at 14:00, settled up to 14:55
        await p.ConvertAsync(start.AddMinutes(-50));
        await p.ConvertAsync(start.AddMinutes(-30));
        Assert.Equal((2, 2), await TodayAsync(p));

        app.Clock.Advance(TimeSpan.FromMinutes(10));   // 15:10: settled up to 15:05, the rest counted live
        await p.ConvertAsync(app.UtcNow.AddMinutes(-2));
        await p.ConvertAsync(app.UtcNow);
        Assert.Equal((4, 4), await TodayAsync(p));

        app.Clock.Advance(TimeSpan.FromMinutes(10));   // 15:20: the last two rows are now in the settled part
        Assert.Equal((4, 4), await TodayAsync(p));
        await p.ConvertAsync(app.UtcNow);
        Assert.Equal((5, 5), await TodayAsync(p));

        app.Clock.Advance(TimeSpan.FromMinutes(50));   // 16:10: 15:00 to 16:00 has closed, the open hours begin at 16:00
        await p.ConvertAsync(app.UtcNow);
        Assert.Equal((6, 6), await TodayAsync(p));
    }
}
