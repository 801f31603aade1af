using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Offerwall.Demo;
using Offerwall.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Offerwall.Tests.Pages;

/// <summary>
/// The dashboard's report and offer catalog in a real browser, on the demo data: what the page shows is what the partner API answers over
/// HTTP for the same parameters, and only the signed-in partner's.
/// </summary>
public abstract class DashboardReportsTests(AppFixture app, Chromium chromium)
{
    private const string From = "2026-11-01";
    private const string To = "2026-11-23";

    private async Task<string> GetAsync(string key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    private async Task<JsonObject> JsonAsync(string key, string path) => JsonNode.Parse(await GetAsync(key, path))!.AsObject();

    /// <summary>Every offer GET /data/partner/offers lists for these filters, over every page.</summary>
    private async Task<List<JsonObject>> CatalogAsync(string key, string filters)
    {
        var offers = new List<JsonObject>();
        for (var page = 1; ; page++)
        {
            var data = (await JsonAsync(key, $"/data/partner/offers?{filters}&per_page=500&page={page}"))["data"]!.AsArray();
            if (data.Count == 0) return offers;
            offers.AddRange(data.Select(o => o!.AsObject()));
        }
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/dashboard");
        await page.GetByLabel("Partner server key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#account")).ToBeVisibleAsync();
    }

    private static decimal Number(JsonNode? node) => node is null ? 0m : decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static async Task<decimal> ValueOfAsync(ILocator locator) =>
        decimal.Parse((await locator.GetAttributeAsync("data-value"))!, NumberStyles.Float, CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheCatalogListsThePartnersOffersWithItsAmounts()
    {
        var coins = DemoData.Partners[0];
        var surveys = DemoData.Partners[1];
        Assert.False(coins.Surveys);
        Assert.True(surveys.Surveys);
        await using var window = await chromium.OpenAsync(app, 1280, 900);
        var page = window.Page;
        await SignInAsync(page, coins.ServerKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Offers" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Offers" })).ToHaveAttributeAsync("aria-current", "page");

        // The default view is the API's default: the active offers, in id order, each with this partner's amounts.
        var listed = await CatalogAsync(coins.ServerKey, "");
        Assert.True(listed.Count > 10, "the demo has active offers");
        await Expect(page.Locator("#catalog-caption")).ToHaveAttributeAsync("data-total", listed.Count.ToString(CultureInfo.InvariantCulture));
        var items = page.Locator("#catalog-list > li");
        await Expect(items).ToHaveCountAsync(Math.Min(listed.Count, 100));
        var shown = await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.offerId)");
        Assert.Equal(listed.Take(100).Select(o => (string)o["offer_id"]!), shown);
        foreach (var offer in listed.Take(100))
        {
            var item = page.Locator($"#catalog-list > li[data-offer-id='{(string)offer["offer_id"]!}']");
            Assert.Equal(Number(offer["total_payout"]), await ValueOfAsync(item.Locator(".catalog-payout")));
            Assert.Equal(Number(offer["total_reward_local_currency"]), await ValueOfAsync(item.Locator(".catalog-reward")));
        }
        await Expect(page.Locator("#catalog-list")).ToContainTextAsync("Coins");
        await Expect(page.Locator("#catalog-list")).Not.ToContainTextAsync("Gems");

        // Surveys are another partner's (Survey Hub has them enabled): never listed here, and no type filter is offered.
        var surveyIds = (await CatalogAsync(surveys.ServerKey, "type=survey&status=all")).Select(o => (string)o["offer_id"]!).ToList();
        Assert.NotEmpty(surveyIds);
        Assert.DoesNotContain(shown, surveyIds.Contains);
        await Expect(page.Locator("#c-type")).ToBeHiddenAsync();

        // One offer's goals, in their order, with this partner's amounts.
        var first = listed[0];
        var firstItem = page.Locator($"#catalog-list > li[data-offer-id='{(string)first["offer_id"]!}']");
        await firstItem.GetByRole(AriaRole.Button, new() { Name = $"Goals of {(string)first["name"]!}" }).ClickAsync();
        var goalRows = firstItem.Locator(".catalog-goals tbody tr");
        await Expect(goalRows).ToHaveCountAsync(first["goals"]!.AsArray().Count);
        Assert.Equal(first["goals"]!.AsArray().Select(g => (string)g!["goal_id"]!), await goalRows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.goalId)"));
        await Expect(firstItem.GetByRole(AriaRole.Button, new() { Name = $"Goals of {(string)first["name"]!}" })).ToHaveAttributeAsync("aria-expanded", "true");
        await window.ScreenshotAsync("dashboard-catalog-1280", fullPage: false);

        // The API's filters: a platform and a user's country, with every status.
        await page.Locator("#c-status").SelectOptionAsync("all");
        await page.Locator("#c-platform").SelectOptionAsync("ios");
        await page.Locator("#c-country").FillAsync("de");
        await page.Locator("#apply-catalog").ClickAsync();
        var filtered = await CatalogAsync(coins.ServerKey, "status=all&platform=ios&country=DE");
        await Expect(page.Locator("#catalog-caption")).ToHaveAttributeAsync("data-total", filtered.Count.ToString(CultureInfo.InvariantCulture));
        await Expect(items).ToHaveCountAsync(Math.Min(filtered.Count, 100));
        Assert.Equal(filtered.Take(100).Select(o => (string)o["offer_id"]!), await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.offerId)"));

        // A bad country is the API's 422, in its words, and the list stays.
        await page.Locator("#c-country").FillAsync("D1");
        await page.Locator("#apply-catalog").ClickAsync();
        await Expect(page.Locator("#catalog-error [role=alert]")).ToContainTextAsync("The country field must only contain letters.");

        // Survey Hub sees its surveys, in Gems, with the type filter.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await SignInAsync(page, surveys.ServerKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Offers" }).ClickAsync();
        await page.Locator("#c-type").SelectOptionAsync("survey");
        await page.Locator("#apply-catalog").ClickAsync();
        await Expect(items).ToHaveCountAsync((await CatalogAsync(surveys.ServerKey, "type=survey")).Count);
        await Expect(page.Locator("#catalog-list")).ToContainTextAsync("Gems");

        // On a phone: the same list, one offer under the other, nothing wider than the screen.
        await page.SetViewportSizeAsync(390, 844);
        await page.Locator("#c-type").SelectOptionAsync("");
        await page.Locator("#apply-catalog").ClickAsync();
        await Expect(page.Locator("#catalog-caption")).ToHaveAttributeAsync("data-total", (await CatalogAsync(surveys.ServerKey, "")).Count.ToString(CultureInfo.InvariantCulture));
        var firstSurveyHub = page.Locator("#catalog-list > li").First;
        await firstSurveyHub.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(firstSurveyHub.Locator(".catalog-goals")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= innerWidth"), "the page does not scroll sideways at 390 px");
        await page.Locator("#catalog-caption").EvaluateAsync("caption => caption.scrollIntoView()");
        await window.ScreenshotAsync("dashboard-catalog-390", fullPage: false);
        window.AssertClean();
    }
}
