using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Offerwall.Pages;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Pages;

/// <summary>
/// What the pages stand on, over HTTP: the pages and assets with their security headers, the
/// generated icons, and the partner API calls the dashboard adds (summary and settings).
/// </summary>
public abstract partial class PageEndpointsTests(AppFixture app)
{
    private static async Task<JsonObject> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : "";

    [Theory]
    [InlineData("/wall", "text/html")]
    [InlineData("/dashboard", "text/html")]
    [InlineData("/console", "text/html")]
    [InlineData("/assets/wall.js", "text/javascript")]
    [InlineData("/assets/console.js", "text/javascript")]
    [InlineData("/assets/console.css", "text/css")]
    [InlineData("/assets/dashboard.js", "text/javascript")]
    [InlineData("/assets/chart.js", "text/javascript")]
    [InlineData("/assets/dom.js", "text/javascript")]
    [InlineData("/assets/base.css", "text/css")]
    public async Task PagesAndAssetsAreServedWithAStrictPolicy(string path, string type)
    {
        var response = await app.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("require-trusted-types-for 'script'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("http", csp);   // no other origin, anywhere
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        // The dashboard and the console hold a key or the admin token: never framed.
        var holdsSecret = path is "/dashboard" or "/console";
        Assert.Equal(holdsSecret, csp.Contains("frame-ancestors 'none'"));
        if (holdsSecret) Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Theory]
    [InlineData("/wall")]
    [InlineData("/dashboard")]
    [InlineData("/console")]
    public async Task PagesHaveNoInlineScriptOrStyleAndNoThirdPartyAsset(string path)
    {
        var html = await app.Client.GetStringAsync(path);
        var scripts = ScriptTag().Matches(html);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, m => Assert.Matches("""^<script type="module" src="/assets/[a-z]+\.js"></script>$""", m.Value + "</script>"));
        Assert.DoesNotMatch("""\son[a-z]+\s*=""", html);
        Assert.DoesNotContain("style=", html);
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotMatch("""(src|href)="(https?:)?//""", html);
        Assert.Matches("""<html lang="en">""", html);
    }

    [Fact]
    public async Task ScriptsNeverWriteHtmlOrEvaluateStrings()
    {
        foreach (var asset in new[]
                 {
                     "wall.js", "dashboard.js", "chart.js", "dom.js", "console.js", "console-api.js", "console-ui.js", "console-chart.js", "console-overview.js",
                     "console-offers.js", "console-accounts.js", "console-conversions.js", "console-postbacks.js", "console-reports.js",
                 })
        {
            var js = await app.Client.GetStringAsync("/assets/" + asset);
            foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "localStorage.setItem" })
                Assert.False(js.Contains(sink, StringComparison.Ordinal), $"{asset} uses {sink}");
        }
    }

    [Fact]
    public async Task EveryOfferHasAGeneratedIcon()
    {
        var m = await Market.CreateAsync(app);
        var response = await app.Client.GetAsync($"/wall/icons/{m.OfferId}.svg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(SecurityHeaders.ImagePolicy, Header(response, "Content-Security-Policy"));
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains(">TG</text>", svg);   // Test Game
        Assert.DoesNotContain("<script", svg);
        Assert.Equal(svg, await app.Client.GetStringAsync($"/wall/icons/{m.OfferId}.svg"));

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/wall/icons/no-such-offer.svg")).StatusCode);
        Assert.Equal("CV", OfferIcons.Initials("Club Vegas Slots 1"));
        Assert.Equal("?", OfferIcons.Initials("  "));
        Assert.Contains("""aria-label="&lt;b&gt; &amp; co">""", OfferIcons.Svg("x", "<b> & co"), StringComparison.Ordinal);
        Assert.Equal("BC", OfferIcons.Initials("<b> & co"));
    }

    [Fact]
    public async Task TheWallKnowsTheAppsNameAndCurrencyFromItsPublicToken()
    {
        var m = await Market.CreateAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/wall/app");
        request.Headers.Add("X-Api-Token", m.AppToken);
        var body = await Json(await app.Client.SendAsync(request));
        Assert.Equal("""{"name":"Partner","currency_name":"Coins"}""", body["data"]!.ToJsonString());

        using var bad = new HttpRequestMessage(HttpMethod.Get, "/wall/app");
        bad.Headers.Add("X-Api-Token", "nope");
        var refused = await app.Client.SendAsync(bad);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("error", (string?)(await Json(refused))["status"]);
    }

    [Fact]
    public async Task MeShowsTheSettingsAndNeverAKeyOrSecret()
    {
        var m = await Market.CreateAsync(app, ratio: 250m, share: 0.6m, postbackUrl: "https://partner.example.com/pb?tx={transaction_id}", stateful: true);
        var (status, body) = await m.PartnerGetAsync("/data/partner/me");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["name", "currency_name", "currency_ratio", "revenue_share", "surveys_enabled", "postback_url", "postback_format", "stateful_postbacks"],
            body!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal(
            """{"name":"Partner","currency_name":"Coins","currency_ratio":250,"revenue_share":0.6,"surveys_enabled":false""" +
            ""","postback_url":"https://partner.example.com/pb?tx={transaction_id}","postback_format":"get","stateful_postbacks":true}""",
            body.ToJsonString());
        var text = body.ToJsonString();
        Assert.DoesNotContain(m.ServerKey, text);
        Assert.DoesNotContain(m.PostbackSecret, text);
        Assert.DoesNotContain(m.AppToken, text);

        var anonymous = await app.Client.GetAsync("/data/partner/me");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("""{"message":"Unauthenticated."}""", await anonymous.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SummaryAddsUpTheDataApisRowsPerEasternDay()
    {
        var p = await TestPartner.CreateAsync(app, surveys: true);
        var first = await p.ConvertAsync(new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc), "user-1");            // Nov 20, 07:00 ET
        await p.ConvertAsync(new DateTime(2026, 11, 21, 4, 30, 0, DateTimeKind.Utc), "user-2", payout: 1.25m);          // Nov 20, 23:30 ET
        await p.ConvertAsync(new DateTime(2026, 11, 21, 5, 30, 0, DateTimeKind.Utc), "User-1", payout: 0.1m);           // Nov 21, 00:30 ET
        await p.ConvertAsync(new DateTime(2026, 11, 22, 15, 0, 0, DateTimeKind.Utc), "user-3", offer: p.Survey, reward: 2m);
        await p.ReverseAsync(first, new DateTime(2026, 11, 22, 16, 0, 0, DateTimeKind.Utc));
        await p.ConvertAsync(new DateTime(2026, 11, 24, 5, 0, 0, DateTimeKind.Utc), "user-1");                          // Nov 24, 00:00 ET: outside

        var body = await Json(await p.GetAsync("/data/partner/summary?from_date=2026-11-19&to_date=2026-11-23"));
        Assert.Equal("2026-11-19", (string?)body["from_date"]);
        Assert.Equal("2026-11-23", (string?)body["to_date"]);
        Assert.Equal(
            """[{"date":"2026-11-19","conversions":0,"reversals":0,"payout":0,"reward_local_currency":0},""" +
            """{"date":"2026-11-20","conversions":2,"reversals":0,"payout":1.8,"reward_local_currency":80},""" +
            """{"date":"2026-11-21","conversions":1,"reversals":0,"payout":0.1,"reward_local_currency":40},""" +
            """{"date":"2026-11-22","conversions":1,"reversals":1,"payout":0,"reward_local_currency":160},""" +
            """{"date":"2026-11-23","conversions":0,"reversals":0,"payout":0,"reward_local_currency":0}]""",
            body["data"]!.ToJsonString());
        Assert.Equal("""{"conversions":4,"reversals":1,"payout":1.9,"reward_local_currency":280}""", body["totals"]!.ToJsonString());

        // Each filter gives the totals of exactly the rows the Data API lists with it.
        foreach (var filter in new[] { "", "&user_id=USER-1", "&user_id=nobody", "&is_reverse=true", "&is_reverse=0", "&type=survey", "&type=offer",
                     $"&offer_id={p.Game.PublicId}", $"&offer_id={p.OtherGame.PublicId}" })
        {
            var range = "?from_date=2026-11-19&to_date=2026-11-23" + filter;
            var rows = (await Json(await p.ConversionsAsync(range)))["data"]!.AsArray();
            var totals = (await Json(await p.GetAsync("/data/partner/summary" + range)))["totals"]!;
            Assert.Equal(rows.Count(r => r!["reverse"] is null), (int)totals["conversions"]!);
            Assert.Equal(rows.Count(r => r!["reverse"] is not null), (int)totals["reversals"]!);
            Assert.Equal(rows.Sum(r => (r!["reverse"] is null ? 1 : -1) * (decimal)r["payout"]!), (decimal)totals["payout"]!);
            Assert.Equal(rows.Sum(r => (r!["reverse"] is null ? 1 : -1) * (decimal)r["reward_local_currency"]!), (decimal)totals["reward_local_currency"]!);
        }
    }

    [Fact]
    public async Task SummaryDefaultsToTheDataApisSevenDaysAndValidatesLikeIt()
    {
        var p = await TestPartner.CreateAsync(app);
        var body = await Json(await p.GetAsync("/data/partner/summary"));
        Assert.Equal("2026-11-17", (string?)body["from_date"]);   // the fake clock's Eastern today is 2026-11-23
        Assert.Equal("2026-11-23", (string?)body["to_date"]);
        Assert.Equal(7, body["data"]!.AsArray().Count);

        var bad = await p.GetAsync("/data/partner/summary?from_date=2026-13-01&type=game");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(
            """{"message":"The from date field must match the format Y-m-d. (and 1 more error)","errors":""" +
            """{"from_date":["The from date field must match the format Y-m-d."],"type":["The selected type is invalid."]}}""",
            await bad.Content.ReadAsStringAsync());
        var reversed = await Json(await p.GetAsync("/data/partner/summary?from_date=2026-11-20&to_date=2026-11-19"));
        Assert.Equal("The from date field must be a date before or equal to to date.", (string?)reversed["message"]);
        var tooLong = await p.GetAsync("/data/partner/summary?from_date=2025-01-01&to_date=2026-01-02");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Equal($"The date range must not be longer than {Offerwall.PartnerApi.DashboardApi.MaxDays} days.", (string?)(await Json(tooLong))["errors"]!["to_date"]![0]);
        Assert.Equal(HttpStatusCode.OK, (await p.GetAsync("/data/partner/summary?from_date=2024-01-01&to_date=2024-12-31")).StatusCode);   // 366 days
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync("/data/partner/summary")).StatusCode);
    }

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
