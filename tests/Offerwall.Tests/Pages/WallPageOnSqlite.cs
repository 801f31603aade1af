using Offerwall.Demo;
using static Microsoft.Playwright.Assertions;

namespace Offerwall.Tests.Pages;

/// <summary>The flow on SQLite, and what needs one engine only: the looks and the error pages.</summary>
public sealed class WallPageOnSqlite(SqlitePageFixture app, Chromium chromium) : WallPageTests(app, chromium), IClassFixture<SqlitePageFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task DesktopWallShowsTheDemoOffersWithIconsServedHere()
    {
        var demo = DemoData.Partners[0];
        await using var window = await Chromium.OpenAsync(App, 1280, 900);
        var page = window.Page;
        await page.GotoAsync(WallUrl(demo.AppToken, "demo-user"));
        await Expect(page.Locator("#wall-subtitle")).ToContainTextAsync("Coin Quest");
        // The demo leaves one click of demo-user unconverted: it is under "Continue where you left off".
        await Expect(page.Locator("#started-title")).ToBeVisibleAsync();
        var cards = page.Locator("#main a.offer-card");
        await Expect(cards.First).ToBeVisibleAsync();
        Assert.True(await cards.CountAsync() >= DemoData.OfferCount - DemoData.SurveyOfferCount);
        // Every icon is served by this server, and the ones on screen have loaded.
        var sources = await page.Locator("#main img.icon").EvaluateAllAsync<string[]>("images => images.map(i => i.src)");
        Assert.All(sources, src => Assert.StartsWith(App.Client.BaseAddress!.ToString().TrimEnd('/') + "/wall/icons/", src));
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#main img.icon')].slice(0, 6).every(i => i.complete && i.naturalWidth > 0)");
        await window.ScreenshotAsync("wall-desktop", fullPage: false);
        window.AssertClean();
    }

    [Fact]
    public async Task AnInvalidAppTokenIsExplainedInWords()
    {
        await using var window = await Chromium.OpenAsync(App, 360, 640);
        await window.Page.GotoAsync(WallUrl("not-a-token", "someone"));
        var alert = window.Page.Locator("#wall-error");
        await Expect(alert).ToHaveAttributeAsync("data-status", "401");
        await Expect(alert).ToContainTextAsync("This offerwall link is not valid.");
        await Expect(alert).ToContainTextAsync("app token");
        await window.ScreenshotAsync("wall-invalid-token-360");

        await window.Page.GotoAsync("/wall?token=abc");
        await Expect(alert).ToContainTextAsync("This offerwall link is incomplete.");
        window.AssertClean();
    }
}
