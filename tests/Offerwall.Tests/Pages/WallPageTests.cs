using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Offerwall.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Offerwall.Tests.Pages;

/// <summary>The user's offerwall in a real browser: list, offer page, the click flow, progress, history.</summary>
public abstract class WallPageTests(AppFixture app, Chromium chromium)
{
    protected AppFixture App => app;
    protected Chromium Chromium => chromium;

    protected static string WallUrl(string token, string user) => $"/wall?token={Uri.EscapeDataString(token)}&uid={Uri.EscapeDataString(user)}";

    private static bool IsTrackingLink(string url) => url.StartsWith("https://track.example/", StringComparison.Ordinal);

    [Fact]
    public async Task OfferGoesFromStartToPendingToCompletedOnAPhone()
    {
        var m = await Market.CreateAsync(app, timeLimitHours: 72);
        await Market.AdminAsync(app, "/admin/promotions", new
        {
            offer_id = m.OfferId, partner_id = m.PartnerId, multiplier = 2m, bonus = 0m, starts_at = app.UtcNow.AddDays(-1), ends_at = app.UtcNow.AddDays(7),
        });
        var user = "Player " + Guid.NewGuid().ToString("N")[..6];
        await using var window = await chromium.OpenAsync(app, 360, 780);
        var page = window.Page;

        // The list: the offer with its icon, its reward in the app's currency, and its promotion.
        await page.GotoAsync(WallUrl(m.AppToken, user));
        await Expect(page.Locator("#wall-title")).ToHaveTextAsync("Earn Coins");
        var card = page.Locator($"a.offer-card[data-offer-id='{m.OfferId}']");
        await Expect(card).ToContainTextAsync("Test Game");
        // 0.5 + 1.25 + 3 USD at 100 Coins per USD is 475 Coins; the ×2 promotion makes it 950.
        await Expect(card).ToContainTextAsync("+950");
        await Expect(card).ToContainTextAsync("+100% bonus");
        await Expect(card.Locator("img.icon")).ToHaveAttributeAsync("src", $"/wall/icons/{m.OfferId}.svg");
        await card.ScrollIntoViewIfNeededAsync();
        await window.ScreenshotAsync("wall-offers-360", fullPage: false);

        // The offer page, reached with the keyboard.
        await card.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#offer-title")).ToHaveTextAsync("Test Game");
        await Expect(page.Locator("#events li.event")).ToHaveCountAsync(3);
        await Expect(page.Locator("#start-offer")).ToHaveTextAsync("Start offer");

        // Start: the server records the click and the advertiser's tracking link opens in a new tab.
        await page.Locator("#start-offer").ClickAsync();
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(window.Blocked.Any(IsTrackingLink)), "the tracking link to open");
        var trackingUrl = new Uri(window.Blocked.First(IsTrackingLink));
        var txId = QueryHelpers.ParseQuery(trackingUrl.Query)["tx"].ToString();
        Assert.Equal(user, QueryHelpers.ParseQuery(trackingUrl.Query)["u"].ToString());
        Assert.Equal(txId, await m.StartAsync(user));   // one click per user and offer: the same tx_id
        await Expect(page.Locator("#open-again")).ToHaveAttributeAsync("href", trackingUrl.AbsoluteUri);
        await Expect(page.Locator("#start-offer")).ToHaveTextAsync("Continue");
        await Expect(page.Locator("#time-left")).ToContainTextAsync("3 days left");
        await Expect(page.Locator("li.event[data-event='Install']")).ToHaveAttributeAsync("data-status", "viewed");

        // The advertiser reports the install (no hold: approved) and the level (24 h hold: pending).
        var install = await m.PostbackAsync(txId, m.Install);
        Assert.Equal("approved", (string?)install.Body["conversion_status"]);
        var level = await m.PostbackAsync(txId, m.Level);
        Assert.Equal(HttpStatusCode.OK, level.Status);
        Assert.Equal("pending", (string?)level.Body["conversion_status"]);

        await page.ReloadAsync();
        var levelRow = page.Locator("li.event[data-event='Reach level 10']");
        await Expect(levelRow).ToHaveAttributeAsync("data-status", "pending");
        await Expect(levelRow.Locator(".event-status")).ToHaveTextAsync("Pending");
        await Expect(page.Locator("li.event[data-event='Install'] .event-status")).ToHaveTextAsync("Completed");
        await Expect(page.Locator(".progress")).ToContainTextAsync("1 of 3 steps completed");
        await window.ScreenshotAsync("wall-offer-pending-360");

        // The operator approves it: completed.
        await Market.AdminAsync(app, $"/admin/conversions/{(long)level.Body["transaction_id"]!}/approve", new { reason = "checked by the browser test" });
        await page.ReloadAsync();
        await Expect(levelRow).ToHaveAttributeAsync("data-status", "completed");
        await Expect(levelRow.Locator(".event-status")).ToHaveTextAsync("Completed");
        await Expect(page.Locator(".progress")).ToContainTextAsync("2 of 3 steps completed");
        // Earned: (0.5 + 1.25) × 100 Coins, the promotion included: (50 + 125) × 2.
        await Expect(page.Locator(".progress")).ToContainTextAsync("earned 350 Coins");
        await window.ScreenshotAsync("wall-offer-completed-360");

        // The user's history lists it.
        await page.Locator("#nav-history").ClickAsync();
        var item = page.Locator($"#main a.offer-card[data-offer-id='{m.OfferId}']");
        await Expect(item).ToHaveAttributeAsync("data-status", "in_progress");
        await Expect(item).ToContainTextAsync("2 of 3 steps");
        await Expect(item).ToContainTextAsync("350 Coins earned");
        await Expect(page.Locator("#nav-history")).ToHaveAttributeAsync("aria-current", "page");
        await window.ScreenshotAsync("wall-history-360");

        window.AssertClean(IsTrackingLink);
    }
}
