using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Offerwall.Data;
using Offerwall.Demo;
using Offerwall.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Offerwall.Tests.Pages;

/// <summary>
/// The operator's console in a real browser, on the demo data: signing in, every page on a laptop and a phone, and the operator's
/// moves (pause an offer and see it leave the wall, approve a held conversion, replay a dead postback, download a report).
/// </summary>
public abstract class ConsolePageTests(AppFixture app, Chromium chromium)
{
    private const string TokenKey = "offerwall.adminToken";

    private async Task<JsonNode> AdminGetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task SignInAsync(IPage page, string token = AppFixture.AdminToken)
    {
        await page.GotoAsync("/console");
        await page.GetByLabel("Admin token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private static async Task OpenAsync(IPage page, string tab, string ready)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = tab, Exact = true }).ClickAsync();
        await Expect(page.Locator(ready).First).ToBeVisibleAsync();
    }

    /// <summary>A conversion the demo's fraud rule holds: a new user of the reviewed offer, converting at the instant of the click.</summary>
    private async Task<long> HeldConversionAsync()
    {
        var user = "held-" + Guid.NewGuid().ToString("N")[..8];
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/v1/client/offers/{DemoData.ReviewedOfferId}/start");
        start.Headers.Add("X-Api-Token", DemoData.Partners[0].AppToken);
        start.Headers.Add("X-User-Id", user);
        var started = await app.Client.SendAsync(start);
        started.EnsureSuccessStatusCode();
        var txId = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["data"]!["tx_id"]!;
        var (status, body) = await Market.SendPostbackAsync(app.Client, "demo_advertiser_secret", txId, DemoData.ReviewedOfferId + "_install");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        return (long)body["transaction_id"]!;
    }

    [Fact]
    public async Task ARefusedTokenIsRefusedInWordsThenEveryPageShowsOnALaptopAndAPhone()
    {
        await using var window = await chromium.OpenAsync(app, 1280, 900);
        var page = window.Page;

        // A wrong token is refused in words and never stored.
        await SignInAsync(page, "not-the-admin-token");
        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("This admin token was not accepted");
        Assert.Null(await page.EvaluateAsync<string?>($"sessionStorage.getItem('{TokenKey}')"));
        await window.ScreenshotAsync("console-sign-in-1280");

        await page.GetByLabel("Admin token").FillAsync(AppFixture.AdminToken);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#today-stats")).ToBeVisibleAsync();
        // The token lives in this tab's session storage only: no cookie, no local storage, no URL.
        Assert.Equal(AppFixture.AdminToken, await page.EvaluateAsync<string>($"sessionStorage.getItem('{TokenKey}')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length"));
        Assert.Equal("", await page.EvaluateAsync<string>("document.cookie"));
        Assert.DoesNotContain(AppFixture.AdminToken, page.Url, StringComparison.Ordinal);

        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, width == 1280 ? 900 : 844);
            await ShowEveryPageAsync(page, window, width);
        }

        // The session survives a reload, and signing out forgets the token.
        await page.ReloadAsync();
        await Expect(page.Locator("#view-title")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("Admin token")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>($"sessionStorage.getItem('{TokenKey}')"));
        window.AssertClean();
    }

    private async Task ShowEveryPageAsync(IPage page, BrowserWindow window, int width)
    {
        // Overview: the demo's business, today against yesterday, 30 days of money, the held conversion and the failing partner.
        await OpenAsync(page, "Overview", "#today-stats");
        await Expect(page.Locator("#chart-money")).ToBeVisibleAsync();
        await Expect(page.Locator("#top-offers tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("#top-partners")).ToContainTextAsync(DemoData.Partners[0].Name);
        await Expect(page.Locator("#review-summary")).ToContainTextAsync("held");
        await Expect(page.Locator("#failing-partners")).ToContainTextAsync(DemoData.Partners[DemoData.FailingPartnerIndex].Name);
        await Expect(page.Locator("#caps-table")).ToContainTextAsync("Daily Deal Rush");
        await window.ScreenshotAsync($"console-overview-{width}");

        await OpenAsync(page, "Offers", "#offers-table");
        await Expect(page.Locator($"#offers-table tr[data-offer-id='{DemoData.CappedOfferId}']")).ToHaveAttributeAsync("data-status", "capped");
        await window.ScreenshotAsync($"console-offers-{width}");
        await page.Locator($"#offers-table tr[data-offer-id='{DemoData.CappedOfferId}'] a").ClickAsync();
        await Expect(page.Locator("#caps-table")).ToContainTextAsync("0 of 3 conversions");
        await Expect(page.Locator("#goals-table")).ToContainTextAsync("Install and open");
        await Expect(page.Locator("#chart-offer")).ToBeVisibleAsync();
        await window.ScreenshotAsync($"console-offer-{width}");

        await OpenAsync(page, "Partners", "#partners-table");
        await window.ScreenshotAsync($"console-partners-{width}");
        await page.GetByRole(AriaRole.Link, new() { Name = DemoData.Partners[DemoData.FailingPartnerIndex].Name, Exact = true }).ClickAsync();
        await Expect(page.Locator("#partner-facts")).ToContainTextAsync("127.0.0.1:1");
        await Expect(page.Locator("#partner-stats .stat").First).ToBeVisibleAsync();
        await window.ScreenshotAsync($"console-partner-{width}");

        await OpenAsync(page, "Advertisers", "#advertisers-table");
        await window.ScreenshotAsync($"console-advertisers-{width}");
        await page.Locator($"#advertisers-table tr[data-advertiser-id='{DemoData.MmpAdvertiserId}'] a").ClickAsync();
        await Expect(page.Locator("#advertiser-facts")).ToContainTextAsync("appsflyer");
        await window.ScreenshotAsync($"console-advertiser-{width}");

        // Conversions: the held one found by its user, with its history.
        await OpenAsync(page, "Conversions", "#conversion-search");
        await page.GetByLabel("Partner", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = DemoData.Partners[0].Name });
        await page.GetByLabel("User id (the partner's)").FillAsync(DemoData.HeldUser.ToUpperInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("#conversions-table tbody tr")).ToHaveCountAsync(1);
        await page.Locator("#conversions-table tbody tr button").ClickAsync();
        await Expect(page.Locator("#history-table")).ToContainTextAsync("min_seconds_to_convert");
        await window.ScreenshotAsync($"console-conversions-{width}");

        await OpenAsync(page, "Review", "#review-table");
        await Expect(page.Locator("#review-table")).ToContainTextAsync(DemoData.HeldUser);
        await window.ScreenshotAsync($"console-review-{width}");

        // Postbacks: the failing partner and its dead deliveries, one opened with its attempts.
        await OpenAsync(page, "Postbacks", "#failing-table");
        await Expect(page.Locator("#failing-table")).ToContainTextAsync(DemoData.Partners[DemoData.FailingPartnerIndex].Name);
        await page.Locator("#failing-table a.button").ClickAsync();
        await Expect(page.Locator("#postbacks-table tbody tr[data-status='dead']").First).ToBeVisibleAsync();
        await page.Locator("#postbacks-table tbody tr[data-status='dead'] button").First.ClickAsync();
        await Expect(page.Locator("#attempts-table tbody tr")).ToHaveCountAsync(11);
        await window.ScreenshotAsync($"console-postbacks-{width}");

        await OpenAsync(page, "Reports", "#report-table");
        await page.Locator("#report-form input[value='day']").UncheckAsync();
        await page.Locator("#report-form input[value='offer']").CheckAsync();
        await page.Locator("#run-report").ClickAsync();
        await Expect(page.Locator("#report-table thead")).ToContainTextAsync("Offer");
        await Expect(page.Locator("#report-chart")).ToBeVisibleAsync();
        await window.ScreenshotAsync($"console-reports-{width}");
    }

    [Fact]
    public async Task APausedOfferLeavesTheWallAndComesBackWhenResumed()
    {
        var offers = (await AdminGetAsync("/admin/offers")).AsArray();
        var offer = offers.First(o => (string)o!["budget_status"]! == "active" && o["countries"]!.AsArray().Count == 0)!;
        var id = (string)offer["id"]!;
        var wall = $"/wall?token={DemoData.Partners[0].AppToken}&uid=console-user";
        await using var window = await chromium.OpenAsync(app, 1280, 900);
        var page = window.Page;
        var card = page.Locator($"a.offer-card[data-offer-id='{id}']");
        await page.GotoAsync(wall);
        await Expect(card).ToBeVisibleAsync();

        await SignInAsync(page);
        await Expect(page.Locator("#view-title")).ToBeVisibleAsync();
        await OpenAsync(page, "Offers", "#offers-table");
        await page.Locator($"#offers-table tr[data-offer-id='{id}'] a").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Expect(page.Locator("#offer-status")).ToHaveTextAsync("paused");
        await Expect(page.Locator("#offer-note")).ToContainTextAsync("Paused");
        Assert.Equal("paused", (string)(await AdminGetAsync($"/admin/offers/{id}"))["budget_status"]!);

        await page.GotoAsync(wall);
        await Expect(page.Locator("a.offer-card").First).ToBeVisibleAsync();
        await Expect(card).ToHaveCountAsync(0);

        await page.GotoAsync($"/console#offer/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume", Exact = true }).ClickAsync();
        await Expect(page.Locator("#offer-status")).ToHaveTextAsync("active");
        await page.GotoAsync(wall);
        await Expect(card).ToBeVisibleAsync();
        window.AssertClean();
    }

    [Fact]
    public async Task APausedGoalIsMarkedPausedAndLeavesTheWallsOfferUntilResumed()
    {
        var offers = (await AdminGetAsync("/admin/offers")).AsArray();
        string? id = null;
        JsonNode? goal = null;
        foreach (var candidate in offers.Where(o => (string)o!["budget_status"]! == "active" && o["countries"]!.AsArray().Count == 0 && o["platforms"]!.AsArray().Count == 0))
        {
            var goals = (await AdminGetAsync($"/admin/offers/{(string)candidate!["id"]!}/goals")).AsArray();
            if (goals.Count < 2) continue;
            (id, goal) = ((string)candidate["id"]!, goals[1]!);
            break;
        }
        Assert.NotNull(goal);
        var (goalId, name) = ((string)goal["id"]!, (string)goal["name"]!);
        async Task<List<string>> WallEventsAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/client/offers");
            request.Headers.Add("X-Api-Token", DemoData.Partners[0].AppToken);
            request.Headers.Add("X-User-Id", "console-goal-user");
            var body = JsonNode.Parse(await (await app.Client.SendAsync(request)).Content.ReadAsStringAsync())!;
            return [.. body["data"]!["offers"]!.AsArray().Single(o => (string)o!["id"]! == id)!["events"]!.AsArray().Select(e => (string)e!["name"]!)];
        }
        Assert.Contains(name, await WallEventsAsync());

        await using var window = await chromium.OpenAsync(app, 1280, 900);
        var page = window.Page;
        await SignInAsync(page);
        await Expect(page.Locator("#view-title")).ToBeVisibleAsync();
        await page.GotoAsync($"/console#offer/{id}");
        var row = page.Locator($"#goals-table tr[data-goal-id='{goalId}']");
        await Expect(row).ToHaveAttributeAsync("data-paused", "false");
        await row.Locator($"[data-goal-toggle='{goalId}']").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-paused", "true");
        await Expect(row.Locator(".badge")).ToHaveTextAsync("paused");
        await Expect(page.Locator("#offer-note")).ToContainTextAsync("paused");
        await Expect(page.Locator("#offer-status")).ToHaveTextAsync("active");
        Assert.DoesNotContain(name, await WallEventsAsync());

        // A bad edit is refused in words and changes nothing.
        await page.Locator("summary", new() { HasText = "Edit a goal" }).ClickAsync();
        await page.Locator("#goal-pick").SelectOptionAsync(goalId);
        await page.Locator("#goal-edit input[name='hold_hours']").FillAsync("9000");
        await page.Locator("#save-goal").ClickAsync();
        await Expect(page.Locator("#goal-edit .alert")).ToContainTextAsync("hold_hours");
        Assert.Equal((int)goal["hold_hours"]!, (int)(await AdminGetAsync($"/admin/offers/{id}/goals")).AsArray()[1]!["hold_hours"]!);

        await row.Locator($"[data-goal-toggle='{goalId}']").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-paused", "false");
        Assert.False((bool)(await AdminGetAsync($"/admin/offers/{id}/goals")).AsArray()[1]!["paused"]!);
        Assert.Contains(name, await WallEventsAsync());
        window.AssertClean();
    }

    [Fact]
    public async Task AHeldConversionIsApprovedFromTheReviewQueue()
    {
        var held = await HeldConversionAsync();
        await using var window = await chromium.OpenAsync(app, 1280, 900);
        var page = window.Page;
        await SignInAsync(page);
        await Expect(page.Locator("#view-title")).ToBeVisibleAsync();
        await OpenAsync(page, "Review", "#review-table");
        var row = page.Locator($"#review-table tr[data-transaction-id='{held}']");
        await Expect(row).ToHaveAttributeAsync("data-review", "held");
        await row.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByLabel("Reason (kept in each one's history)").FillAsync("checked by hand");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve chosen" }).ClickAsync();
        await Expect(page.Locator("#review-note")).ToHaveTextAsync("1 approved.");
        await Expect(row).ToHaveCountAsync(0);

        var found = (await AdminGetAsync($"/admin/conversions?transaction_id={held}")).AsArray();
        Assert.Equal("approved", (string)Assert.Single(found)!["status"]!);
        var history = (await AdminGetAsync($"/admin/conversions/{held}/history")).AsArray();
        Assert.Contains(history, h => (string)h!["to"]! == "approved" && ((string)h["reason"]!).Contains("checked by hand", StringComparison.Ordinal));
        window.AssertClean();
    }

    [Fact]
    public async Task ADeadPostbackIsReplayedFromThePostbacksPage()
    {
        var failing = DemoData.Partners[DemoData.FailingPartnerIndex].Name;
        var partnerId = await app.WithDb(db => db.Partners.Where(p => p.Name == failing).Select(p => p.Id).SingleAsync());
        var dead = (await AdminGetAsync($"/admin/postbacks?partner_id={partnerId}&status=dead"))["data"]!.AsArray();
        var delivery = (long)dead[0]!["id"]!;
        var attempts = (int)dead[0]!["attempts"]!;

        await using var window = await chromium.OpenAsync(app, 1280, 900);
        var page = window.Page;
        await SignInAsync(page);
        await Expect(page.Locator("#view-title")).ToBeVisibleAsync();
        await OpenAsync(page, "Postbacks", "#failing-table");
        await page.Locator($"#failing-table tr[data-partner-id='{partnerId}'] a.button").ClickAsync();
        await page.Locator($"#postbacks-table tr[data-delivery-id='{delivery}'] button").ClickAsync();
        await Expect(page.Locator("#delivery-status")).ToHaveTextAsync("dead");
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay", Exact = true }).ClickAsync();
        await Expect(page.Locator("#replay-note")).ToContainTextAsync($"Delivery {delivery} is queued again");

        // Queued again and tried at once: it fails again (nothing listens there), one attempt more, waiting for its retry.
        await PostbackSink.WaitUntilAsync(async () => (int)(await AdminGetAsync($"/admin/postbacks/{delivery}"))["delivery"]!["attempts"]! > attempts,
            "the replayed delivery to be tried");
        var now = (await AdminGetAsync($"/admin/postbacks/{delivery}"))["delivery"]!;
        Assert.NotEqual("dead", (string)now["status"]!);
        window.AssertClean();
    }

    [Fact]
    public async Task AReportIsDownloadedAsCsvWithTheTotalsOfTheApi()
    {
        await using var window = await chromium.OpenAsync(app, 1280, 900);
        var page = window.Page;
        await SignInAsync(page);
        await Expect(page.Locator("#view-title")).ToBeVisibleAsync();
        await OpenAsync(page, "Reports", "#report-table");
        await page.Locator("#report-form input[value='partner']").CheckAsync();
        await page.Locator("#r-zone").FillAsync("UTC");
        await page.Locator("#run-report").ClickAsync();
        await Expect(page.Locator("#report-table thead")).ToContainTextAsync("Partner");
        var from = await page.Locator("#r-from").InputValueAsync();
        var to = await page.Locator("#r-to").InputValueAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-csv").ClickAsync());
        var path = await download.PathAsync();
        var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        Assert.Equal(["day", "partner_id", "partner_name"], header[..3]);
        Assert.Contains("revenue", header);
        Assert.Contains("margin", header);

        var api = await AdminGetAsync($"/admin/reports?group_by=day,partner&from_date={from}&to_date={to}&time_zone=UTC");
        var totals = api["totals"]!;
        // The rows, then a totals line: both add up to the API's totals.
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var total = rows[^1];
        rows.RemoveAt(rows.Count - 1);
        Assert.Equal("total", total[0]);
        Assert.Equal(api["rows"]!.AsArray().Count, rows.Count);
        Assert.True(rows.Count > 0, "the report has rows");
        foreach (var metric in new[] { "clicks", "approved", "revenue", "cost", "margin" })
        {
            var column = Array.IndexOf(header, metric);
            var sum = rows.Sum(r => decimal.Parse(r[column], NumberStyles.Float, CultureInfo.InvariantCulture));
            Assert.Equal((decimal)totals[metric]!, sum);
            Assert.Equal((decimal)totals[metric]!, decimal.Parse(total[column], NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        await Expect(page.Locator("#csv-note")).ToContainTextAsync("Saved as");
        window.AssertClean();
    }
}
