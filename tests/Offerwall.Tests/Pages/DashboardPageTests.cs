using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Offerwall.Demo;
using Offerwall.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using Offerwall.Data;

namespace Offerwall.Tests.Pages;

/// <summary>The partner dashboard in a real browser, on the demo data and on partners of the tests' own.</summary>
public abstract class DashboardPageTests(AppFixture app, Chromium chromium)
{
    private const string From = "2026-11-01";
    private const string To = "2026-11-23";

    /// <summary>What the Data API lists for these filters, added up over every page.</summary>
    private sealed record DataApiTotals(int Rows, int Conversions, int Reversals, decimal Payout, decimal Reward, string? FirstUser);

    private async Task<DataApiTotals> DataApiAsync(string key, string filters)
    {
        int rows = 0, conversions = 0, reversals = 0;
        decimal payout = 0, reward = 0;
        string? firstUser = null;
        for (var page = 1; ; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/data/partner/conversions?{filters}&per_page=1000&page={page}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var response = await app.Client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var data = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray();
            if (data.Count == 0) break;
            foreach (var row in data)
            {
                var reverse = row!["reverse"] is not null;
                var sign = reverse ? -1 : 1;
                rows++;
                if (reverse) reversals++; else conversions++;
                payout += sign * (decimal)row["payout"]!;
                reward += sign * (decimal)row["reward_local_currency"]!;
                firstUser ??= (string)row["user_id"]!;
            }
        }
        return new DataApiTotals(rows, conversions, reversals, payout, reward, firstUser);
    }

    private static async Task<decimal> ValueOfAsync(IPage page, string id) =>
        decimal.Parse((await page.Locator(id).GetAttributeAsync("data-value"))!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/dashboard");
        await page.GetByLabel("Partner server key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    [Fact]
    public async Task SignInFilterConversionsAndTheChartTotalsAreTheDataApis()
    {
        var demo = DemoData.Partners[0];
        await using var window = await chromium.OpenAsync(app, 1280, 900);
        var page = window.Page;

        // A wrong key is refused in words and never stored.
        await SignInAsync(page, "ow_sk_not_a_key");
        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("This key was not accepted");
        await window.ScreenshotAsync("dashboard-sign-in");
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('offerwall.partnerKey')"));

        await page.GetByLabel("Partner server key").FillAsync(demo.ServerKey);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#partner-name")).ToHaveTextAsync(demo.Name);
        // The key lives in this tab's session storage only: no cookie, no local storage.
        Assert.Equal(demo.ServerKey, await page.EvaluateAsync<string>("sessionStorage.getItem('offerwall.partnerKey')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length"));
        Assert.Equal("", await page.EvaluateAsync<string>("document.cookie"));

        // The default range is the Data API's: the 7 Eastern days ending today (the server's clock).
        await Expect(page.Locator("#f-from")).ToHaveValueAsync("2026-11-17");
        await Expect(page.Locator("#f-to")).ToHaveValueAsync("2026-11-23");

        // A chosen range: the chart's totals are the Data API's, row for row.
        await page.Locator("#f-from").FillAsync(From);
        await page.Locator("#f-to").FillAsync(To);
        await page.Locator("#apply-filters").ClickAsync();
        var all = await DataApiAsync(demo.ServerKey, $"from_date={From}&to_date={To}");
        Assert.True(all.Conversions > 100 && all.Reversals > 0, "the demo has conversions and reversals in the range");
        await Expect(page.Locator("#total-conversions")).ToHaveAttributeAsync("data-value", all.Conversions.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("#total-reversals")).ToHaveAttributeAsync("data-value", all.Reversals.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(all.Payout, await ValueOfAsync(page, "#total-payout"));
        Assert.Equal(all.Reward, await ValueOfAsync(page, "#total-reward"));
        await Expect(page.Locator("#conversions-table")).ToHaveAttributeAsync("data-total", all.Rows.ToString(CultureInfo.InvariantCulture));
        // One bar slot per Eastern day: 23 days, each with conversions.
        Assert.Equal(23, await page.Locator("#chart-conversions rect.bar-conversions").CountAsync());
        var bars = await page.Locator("#chart-payout rect.bar").EvaluateAllAsync<string[]>("bars => bars.map(b => b.getAttribute('data-date'))");
        Assert.Equal(From, bars[0]);
        Assert.Equal(To, bars[^1]);
        await window.ScreenshotAsync("dashboard-conversions", fullPage: false);

        // The Data API's filters: reversals only.
        await page.GetByLabel("Rows", new() { Exact = true }).SelectOptionAsync("true");
        await page.Locator("#apply-filters").ClickAsync();
        await Expect(page.Locator("#conversions-table")).ToHaveAttributeAsync("data-total", all.Reversals.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("#total-conversions")).ToHaveAttributeAsync("data-value", "0");
        await Expect(page.Locator("#total-reversals")).ToHaveAttributeAsync("data-value", all.Reversals.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(0, await page.Locator("#conversions-table tbody tr[data-reverse='0']").CountAsync());

        // One user, whatever the case of the id typed.
        var user = all.FirstUser!;
        var mine = await DataApiAsync(demo.ServerKey, $"from_date={From}&to_date={To}&user_id={Uri.EscapeDataString(user)}");
        await page.GetByLabel("Rows", new() { Exact = true }).SelectOptionAsync("");
        await page.GetByLabel("User id").FillAsync(user.ToUpperInvariant());
        await page.Locator("#apply-filters").ClickAsync();
        await Expect(page.Locator("#conversions-table")).ToHaveAttributeAsync("data-total", mine.Rows.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("#total-conversions")).ToHaveAttributeAsync("data-value", mine.Conversions.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(mine.Payout, await ValueOfAsync(page, "#total-payout"));
        var users = await page.Locator("#conversions-table tbody tr td:nth-child(3)").AllTextContentsAsync();
        Assert.All(users, u => Assert.Equal(user, u));
        await window.ScreenshotAsync("dashboard-conversions-one-user");

        // The Data API's pagination: 25 a page, then the next page.
        await page.GetByLabel("User id").FillAsync("");
        await page.GetByLabel("Rows per page").SelectOptionAsync("25");
        await page.Locator("#apply-filters").ClickAsync();
        await Expect(page.Locator("#conversions-caption")).ToHaveTextAsync($"Rows 1–25 of {all.Rows.ToString("N0", CultureInfo.InvariantCulture)}");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Conversion pages" }).GetByRole(AriaRole.Button, new() { Name = "Next »" }).ClickAsync();
        await Expect(page.Locator("#conversions-caption")).ToHaveTextAsync($"Rows 26–50 of {all.Rows.ToString("N0", CultureInfo.InvariantCulture)}");
        await Expect(page.Locator("#conversions-caption")).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Page 2", Exact = true })).ToHaveAttributeAsync("aria-current", "page");

        // The session survives a reload, and signing out forgets the key.
        await page.ReloadAsync();
        await Expect(page.Locator("#partner-name")).ToHaveTextAsync(demo.Name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("Partner server key")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('offerwall.partnerKey')"));
        window.AssertClean();
    }

    [Fact]
    public async Task ADeadDeliveryIsReplayedFromTheDashboard()
    {
        // A partner whose server is down: nothing listens on this port.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var m = await Market.CreateAsync(app, postbackUrl: $"http://127.0.0.1:{port}/pb?tx={{transaction_id}}&status={{status}}");
        var txId = await m.StartAsync("dash-user");
        var transactionId = (long)(await m.PostbackAsync(txId, m.Install)).Body["transaction_id"]!;
        // Two attempts (the ladder has one 1-second step), then dead.
        await PostbackSink.NudgeUntilAsync(app.Clock, () => app.WithDb(db => db.PostbackDeliveries
            .AnyAsync(d => d.PartnerId == m.PartnerId && d.Status == DeliveryStatus.Dead)), "the delivery to die");

        await using var window = await chromium.OpenAsync(app, 1280, 900);
        var page = window.Page;
        await SignInAsync(page, m.ServerKey);
        await Expect(page.Locator("#partner-name")).ToHaveTextAsync("Partner");
        await page.GetByRole(AriaRole.Link, new() { Name = "Postbacks" }).ClickAsync();
        var row = page.Locator("#postbacks-table tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-status", "dead");
        await Expect(row).ToContainTextAsync(transactionId.ToString(CultureInfo.InvariantCulture));

        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#delivery-status")).ToHaveTextAsync("dead");
        await Expect(page.Locator("#attempts-table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#attempts-table")).ToContainTextAsync("no answer");
        await Expect(page.Locator("#delivery-title")).ToBeFocusedAsync();
        await window.ScreenshotAsync("dashboard-postback-dead");

        // The partner's server is back (the operator points the URL at it), and the partner replays.
        await using var sink = await PostbackSink.StartAsync();
        await Market.AdminAsync(app, $"/admin/partners/{m.PartnerId}/postback",
            new { postback_url = sink.Url + "/pb?tx={transaction_id}&status={status}", postback_format = "get", stateful_postbacks = false });
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay", Exact = true }).ClickAsync();
        await Expect(page.Locator("#delivery-status")).ToHaveTextAsync("delivered");
        await Expect(page.Locator("#replay-note")).ToHaveTextAsync($"Delivery {await DeliveryIdAsync(m.PartnerId)} was delivered.");
        await Expect(page.Locator("#attempts-table tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#postbacks-table tbody tr")).ToHaveAttributeAsync("data-status", "delivered");
        var received = Assert.Single(sink.Requests);
        Assert.Equal(transactionId.ToString(CultureInfo.InvariantCulture), received.Query["tx"]);
        await window.ScreenshotAsync("dashboard-postback-replayed");

        // The settings, read-only, with no secret in the page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.Locator("#settings-list")).ToContainTextAsync("100 Coins per USD of user reward");
        await Expect(page.Locator("#settings-list")).ToContainTextAsync("50 % of the advertiser's payout");
        await Expect(page.Locator("#settings-postback-url")).ToHaveTextAsync(sink.Url + "/pb?tx={transaction_id}&status={status}");
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(m.PostbackSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(m.ServerKey, text, StringComparison.Ordinal);
        await window.ScreenshotAsync("dashboard-settings");
        window.AssertClean();
    }

    private Task<long> DeliveryIdAsync(long partnerId) =>
        app.WithDb(db => db.PostbackDeliveries.Where(d => d.PartnerId == partnerId).Select(d => d.Id).SingleAsync());
}
