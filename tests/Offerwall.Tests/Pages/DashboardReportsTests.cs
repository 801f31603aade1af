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
        await ApplyCatalogAsync(page);
        var filtered = await CatalogAsync(coins.ServerKey, "status=all&platform=ios&country=DE");
        await Expect(page.Locator("#catalog-caption")).ToHaveAttributeAsync("data-total", filtered.Count.ToString(CultureInfo.InvariantCulture));
        await Expect(items).ToHaveCountAsync(Math.Min(filtered.Count, 100));
        Assert.Equal(filtered.Take(100).Select(o => (string)o["offer_id"]!), await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.offerId)"));

        // A bad country is the API's 422, in its words, and the list stays.
        await page.Locator("#c-country").FillAsync("D1");
        await ApplyCatalogAsync(page);
        await Expect(page.Locator("#catalog-error [role=alert]")).ToContainTextAsync("The country field must only contain letters.");

        // Survey Hub sees its surveys, in Gems, with the type filter.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await SignInAsync(page, surveys.ServerKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Offers" }).ClickAsync();
        await page.Locator("#c-type").SelectOptionAsync("survey");
        await ApplyCatalogAsync(page);
        await Expect(items).ToHaveCountAsync((await CatalogAsync(surveys.ServerKey, "type=survey")).Count);
        await Expect(page.Locator("#catalog-list")).ToContainTextAsync("Gems");

        // On a phone: the same list, one offer under the other, nothing wider than the screen.
        await page.SetViewportSizeAsync(390, 844);
        await page.Locator("#c-type").SelectOptionAsync("");
        await ApplyCatalogAsync(page);
        await Expect(page.Locator("#catalog-caption")).ToHaveAttributeAsync("data-total", (await CatalogAsync(surveys.ServerKey, "")).Count.ToString(CultureInfo.InvariantCulture));
        var firstSurveyHub = page.Locator("#catalog-list > li").First;
        await firstSurveyHub.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(firstSurveyHub.Locator(".catalog-goals")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= innerWidth"), "the page does not scroll sideways at 390 px");
        await page.Locator("#catalog-caption").EvaluateAsync("caption => caption.scrollIntoView()");
        await window.ScreenshotAsync("dashboard-catalog-390", fullPage: false);
        window.AssertClean();
    }

    /// <summary>GET /data/partner/reports over HTTP, and the page's table and totals against it.</summary>
    private async Task<JsonObject> AssertReportShownAsync(IPage page, string key, string parameters)
    {
        var report = await JsonAsync(key, $"/data/partner/reports?{parameters}");
        var totals = report["totals"]!;
        var groups = report["group_by"]!.AsArray().Select(g => (string)g!).ToList();
        var rows = report["rows"]!.AsArray();
        await Expect(page.Locator("#report-table")).ToHaveAttributeAsync("data-rows", rows.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var metric in new[] { "clicks", "approved", "reversals", "payout", "reward_local_currency" })
        {
            var id = metric == "reward_local_currency" ? "#report-total-reward" : $"#report-total-{metric}";
            Assert.Equal(Number(totals[metric]), await ValueOfAsync(page.Locator(id)));
        }
        // Row by row: the same rows, with the same net payout.
        var shown = await page.Locator("#report-table tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.dataset.key, r.querySelector('td[data-value]').dataset.value])");
        Assert.Equal(rows.Count, shown.Length);
        var expected = rows.ToDictionary(r => string.Join('|', groups.Select(g => Key(r!, g))), r => Number(r!["payout"]));
        foreach (var row in shown)
            Assert.Equal(expected[row[0]], decimal.Parse(row[1], NumberStyles.Float, CultureInfo.InvariantCulture));
        return report;
    }

    private static string Key(JsonNode row, string group) => group switch
    {
        "offer" => (string)row["offer_id"]!,
        "goal" => $"{(string)row["offer_id"]!}/{(string)row["goal_id"]!}",
        _ => (string)row[group]!,
    };

    private static async Task ApplyReportAsync(IPage page, string groupBy, string? zone = null)
    {
        await page.Locator("#r-group").SelectOptionAsync(groupBy);
        if (zone is not null) await page.Locator("#r-zone").SelectOptionAsync(zone);
        await page.Locator("#apply-report").ClickAsync();
        await ReportLoadedAsync(page);
    }

    /// <summary>
    /// Applies the catalog's filters and waits for the answer: the old list may have as many offers as the new one, so its count
    /// alone does not say the new list is shown.
    /// </summary>
    private static async Task ApplyCatalogAsync(IPage page)
    {
        await page.Locator("#apply-catalog").ClickAsync();
        await Expect(page.Locator("#catalog-filters")).Not.ToHaveAttributeAsync("aria-busy", "true");
    }

    /// <summary>The form is busy from the click (or the tab) until the answer is shown.</summary>
    private static Task ReportLoadedAsync(IPage page) => Expect(page.Locator("#report-filters")).Not.ToHaveAttributeAsync("aria-busy", "true");

    [Fact]
    public async Task TheReportByOfferAndByCountryIsTheReportsApisAndItsCsvDownloads()
    {
        var coins = DemoData.Partners[0];
        // Another partner, with an offer and a conversion of its own today: never in Coin Quest's report.
        var other = await Market.CreateAsync(app);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await other.PostbackAsync(await other.StartAsync("report-user"), other.Install)).Status);

        await using var window = await chromium.OpenAsync(app, 1280, 900);
        var page = window.Page;
        await SignInAsync(page, coins.ServerKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Report" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Report" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.Locator("#report-table")).ToBeVisibleAsync();

        // With no dates, the API's default range, by offer, in US Eastern days: the form shows it.
        var defaults = await AssertReportShownAsync(page, coins.ServerKey, "group_by=offer");
        await Expect(page.Locator("#r-from")).ToHaveValueAsync((string)defaults["from_date"]!);
        await Expect(page.Locator("#r-to")).ToHaveValueAsync((string)defaults["to_date"]!);
        await Expect(page.Locator("#r-zone")).ToHaveValueAsync("America/New_York");

        // A chosen range, by offer.
        await page.Locator("#r-from").FillAsync(From);
        await page.Locator("#r-to").FillAsync(To);
        await ApplyReportAsync(page, "offer");
        var range = $"from_date={From}&to_date={To}&time_zone=America%2FNew_York";
        var byOffer = await AssertReportShownAsync(page, coins.ServerKey, $"group_by=offer&{range}");
        Assert.True(Number(byOffer["totals"]!["approved"]) > 100, "the demo partner has conversions in the range");
        var offerKeys = await page.Locator("#report-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)");
        Assert.DoesNotContain(other.OfferId, offerKeys);
        Assert.Equal(Math.Min(12, offerKeys.Length), await page.Locator("#report-chart-payout rect.bar").CountAsync());
        await window.ScreenshotAsync("dashboard-report-1280");

        // The CSV download is the export's answer for the same parameters, byte for byte.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#report-csv").ClickAsync());
        var saved = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal(await GetAsync(coins.ServerKey, $"/data/partner/reports/export.csv?group_by=offer&{range}"), saved);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        await Expect(page.Locator("#report-csv-note")).ToContainTextAsync("Saved");

        // By country: the same totals as by offer, and the API's rows.
        await ApplyReportAsync(page, "country");
        var byCountry = await AssertReportShownAsync(page, coins.ServerKey, $"group_by=country&{range}");
        foreach (var metric in new[] { "clicks", "approved", "pending", "cancelled", "reversals", "payout", "reward_local_currency" })
            Assert.Equal(Number(byOffer["totals"]![metric]), Number(byCountry["totals"]![metric]));

        // By day in another time zone, and one country typed in lower case.
        await ApplyReportAsync(page, "day", "UTC");
        await AssertReportShownAsync(page, coins.ServerKey, $"group_by=day&from_date={From}&to_date={To}&time_zone=UTC");
        Assert.Equal(23, await page.Locator("#report-chart-payout rect.bar").EvaluateAllAsync<int>("bars => new Set(bars.map(b => b.dataset.date)).size"));
        await page.Locator("#r-country").FillAsync("us");
        await ApplyReportAsync(page, "offer", "America/New_York");
        await AssertReportShownAsync(page, coins.ServerKey, $"group_by=offer&{range}&country=US");

        // A bad country is the API's 422, in its words.
        await page.Locator("#r-country").FillAsync("1");
        await page.Locator("#apply-report").ClickAsync();
        await ReportLoadedAsync(page);
        await Expect(page.Locator("#report-error [role=alert]")).ToBeVisibleAsync();
        await page.Locator("#r-country").FillAsync("");

        // On a phone, by country: the charts are drawn again for the width; only the table scrolls sideways.
        await page.SetViewportSizeAsync(390, 844);
        await ApplyReportAsync(page, "country");
        await AssertReportShownAsync(page, coins.ServerKey, $"group_by=country&{range}");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= innerWidth"), "the page does not scroll sideways at 390 px");
        await window.ScreenshotAsync("dashboard-report-390");

        // The other partner sees its own offer only.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await SignInAsync(page, other.ServerKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Report" }).ClickAsync();
        await Expect(page.Locator("#report-table")).ToBeVisibleAsync();
        await page.Locator("#r-from").FillAsync(From);
        await page.Locator("#r-to").FillAsync(To);
        await ApplyReportAsync(page, "offer");
        var own = await AssertReportShownAsync(page, other.ServerKey, $"group_by=offer&{range}");
        Assert.Equal([other.OfferId], own["rows"]!.AsArray().Select(r => (string)r!["offer_id"]!));
        await Expect(page.Locator("#report-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#report-table tbody tr")).ToHaveAttributeAsync("data-key", other.OfferId);
        window.AssertClean();
    }
}
