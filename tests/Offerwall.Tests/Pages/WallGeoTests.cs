using Microsoft.AspNetCore.WebUtilities;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;
using static Microsoft.Playwright.Assertions;

namespace Offerwall.Tests.Pages;

/// <summary>The wall in a real browser shows a user the offers of their country (from their address), and its start carries the country.</summary>
public abstract class WallGeoTests(AppFixture app, Chromium chromium)
{
    private static bool IsTrackingLink(string url) => url.StartsWith("https://track.example/", StringComparison.Ordinal);

    [Fact]
    public async Task TheWallShowsTheOffersOfTheUsersCountryAndStartsThemThere()
    {
        var desk = await Desk.CreateAsync(app);
        var here = await desk.ImportAsync(new() { ["name"] = "Only here", ["countries"] = new[] { GeoWorld.Loopback } });
        var elsewhere = await desk.ImportAsync(new() { ["name"] = "Only in France", ["countries"] = new[] { "FR" } });
        var notHere = await desk.ImportAsync(new() { ["name"] = "Anywhere but here", ["excluded_countries"] = new[] { GeoWorld.Loopback } });
        var everywhere = await desk.ImportAsync(new() { ["name"] = "Everywhere" });

        await using var window = await chromium.OpenAsync(app, 360, 780);
        var page = window.Page;
        await page.GotoAsync($"/wall?token={Uri.EscapeDataString(desk.AppToken)}&uid=local-user");
        var card = page.Locator($"a.offer-card[data-offer-id='{here}']");
        await Expect(card).ToContainTextAsync("Only here");
        await Expect(page.Locator($"a.offer-card[data-offer-id='{everywhere}']")).ToBeVisibleAsync();
        // The list came in one answer: the offers not for this country are not in it.
        await Expect(page.Locator($"a.offer-card[data-offer-id='{elsewhere}']")).ToHaveCountAsync(0);
        await Expect(page.Locator($"a.offer-card[data-offer-id='{notHere}']")).ToHaveCountAsync(0);

        await card.ClickAsync();
        await Expect(page.Locator("#offer-title")).ToHaveTextAsync("Only here");
        await page.Locator("#start-offer").ClickAsync();
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(window.Blocked.Any(IsTrackingLink)), "the tracking link to open");
        var link = QueryHelpers.ParseQuery(new Uri(window.Blocked.First(IsTrackingLink)).Query);
        Assert.Equal((GeoWorld.Loopback, "web", "local-user"), (link["c"].ToString(), link["pf"].ToString(), link["u"].ToString()));
        window.AssertClean(IsTrackingLink);
    }
}
