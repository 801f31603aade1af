using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

/// <summary>
/// Show and edit one partner or advertiser, over real HTTP (GET and PATCH /admin/partners/{id},
/// /admin/advertisers/{id}) and through the command line, which call the same operations.
/// </summary>
public abstract class ManagementTests(AppFixture app, string connectionString)
{
    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<long> NewPartnerAsync() => (long)(await Market.AdminAsync(app, "/admin/partners",
        new { name = "Editable", currency_name = "Coins", currency_ratio = 100m, revenue_share = 0.5m, surveys_enabled = true }))["partner"]!["id"]!;

    [Fact]
    public async Task APartnerIsShownAndOnlyTheFieldsSentChange()
    {
        var id = await NewPartnerAsync();
        var (status, shown) = await SendAsync(HttpMethod.Get, $"/admin/partners/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Editable", (string?)shown!["name"]);
        Assert.Null(shown["server_key"]);

        (status, var edited) = await SendAsync(HttpMethod.Patch, $"/admin/partners/{id}", """{"name":"  Renamed  ","revenue_share":0.7}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Renamed", (string?)edited!["name"]);
        Assert.Equal(0.7m, (decimal)edited["revenue_share"]!);
        Assert.Equal(100m, (decimal)edited["currency_ratio"]!);
        Assert.Equal("Coins", (string?)edited["currency_name"]);
        Assert.True((bool)edited["surveys_enabled"]!);

        (status, edited) = await SendAsync(HttpMethod.Patch, $"/admin/partners/{id}", """{"currency_name":"Gems","currency_ratio":250.5,"surveys_enabled":false}""");
        Assert.Equal(HttpStatusCode.OK, status);
        (_, shown) = await SendAsync(HttpMethod.Get, $"/admin/partners/{id}");
        Assert.Equal(edited!.ToJsonString(), shown!.ToJsonString());
        var stored = await app.WithDb(db => db.Partners.Where(p => p.Id == id)
            .Select(p => new { p.Name, p.CurrencyName, p.CurrencyRatio, p.RevenueShare, p.SurveysEnabled }).SingleAsync());
        Assert.Equal(new { Name = "Renamed", CurrencyName = "Gems", CurrencyRatio = 250.5m, RevenueShare = 0.7m, SurveysEnabled = false }, stored);
    }

    [Fact]
    public async Task ABadPartnerEditNamesEachFieldAndChangesNothing()
    {
        var id = await NewPartnerAsync();
        var before = (await SendAsync(HttpMethod.Get, $"/admin/partners/{id}")).Body!.ToJsonString();
        var (status, body) = await SendAsync(HttpMethod.Patch, $"/admin/partners/{id}",
            """{"name":" ","currency_name":"","currency_ratio":0,"revenue_share":1.5,"surveys_enabled":false}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["name", "currency_name", "currency_ratio", "revenue_share"], body!["errors"]!.AsObject().Select(e => e.Key));
        (status, body) = await SendAsync(HttpMethod.Patch, $"/admin/partners/{id}", """{"revenue_share":"half","currency_ratio":1e30}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, body) = await SendAsync(HttpMethod.Patch, $"/admin/partners/{id}", """{"currency_ratio":1000001}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["currency_ratio"], body!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, (await SendAsync(HttpMethod.Get, $"/admin/partners/{id}")).Body!.ToJsonString());

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/admin/partners/987654321")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Patch, "/admin/partners/987654321", """{"name":"x"}""")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync($"/admin/partners/{id}")).StatusCode);
    }

    [Fact]
    public async Task ANewRatioOrShareCountsOnlyForConversionsRecordedAfterTheChange()
    {
        var m = await Market.CreateAsync(app, ratio: 100m, share: 0.5m);
        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(await m.StartAsync("before"), m.Install)).Status);
        var (status, _) = await SendAsync(HttpMethod.Patch, $"/admin/partners/{m.PartnerId}", """{"currency_ratio":300,"revenue_share":0.8}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(await m.StartAsync("after"), m.Install)).Status);

        var rows = await app.WithDb(db => db.Ledger.Where(l => l.PartnerId == m.PartnerId).OrderBy(l => l.TransactionId)
            .Select(l => new { l.UserExternalId, l.RewardLocal, l.Payout }).ToListAsync());
        // The install rewards 0.5 USD for a 1.5 USD payout.
        Assert.Equal(new[] { new { UserExternalId = "before", RewardLocal = 50m, Payout = 0.75m }, new { UserExternalId = "after", RewardLocal = 150m, Payout = 1.2m } },
            rows);
        var ledger = await m.LedgerAsync();
        Assert.Equal(2, ledger.Count);
    }

    [Fact]
    public async Task AnAdvertiserIsShownAndEditedAndABadEditNamesEachField()
    {
        var id = (long)(await Market.AdminAsync(app, "/admin/advertisers", new { name = "Adv", allowed_ips = "203.0.113.0/24" }))["id"]!;
        var (status, shown) = await SendAsync(HttpMethod.Get, $"/admin/advertisers/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Adv", (string?)shown!["name"]);
        Assert.Null(shown["secret"]);

        (status, var edited) = await SendAsync(HttpMethod.Patch, $"/admin/advertisers/{id}", """{"currency":"eur","mmp_auth":"token_or_ranges"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("Adv", "EUR", "token_or_ranges", "203.0.113.0/24"),
            ((string?)edited!["name"], (string?)edited["currency"], (string?)edited["mmp_auth"], (string?)edited["allowed_ips"]));

        (status, var body) = await SendAsync(HttpMethod.Patch, $"/admin/advertisers/{id}", """{"name":"","currency":"euro","mmp_auth":"none"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["currency", "mmp_auth", "name"], body!["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(edited.ToJsonString(), (await SendAsync(HttpMethod.Get, $"/admin/advertisers/{id}")).Body!.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/admin/advertisers/987654321")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Patch, "/admin/advertisers/987654321", "{}")).Status);
    }

    [Fact]
    public async Task TheCommandLineShowsAndEditsPartnersAndAdvertisers()
    {
        var id = (await NewPartnerAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var edit = await CliRunner.SucceedsAsync(app, connectionString, ["partners", "edit", "--id", id, "--revenue-share", "0.6", "--surveys", "false"]);
        Assert.Contains($"Partner {id} updated.", edit.Output);
        var show = await CliRunner.SucceedsAsync(app, connectionString, ["partners", "show", "--id", id]);
        Assert.Matches(@"Revenue share:\s+0\.6\b", show.Output);
        Assert.Matches(@"Surveys:\s+no\b", show.Output);
        Assert.Matches(@"Name:\s+Editable\b", show.Output);

        var bad = await CliRunner.RunAsync(app, connectionString, ["partners", "edit", "--id", id, "--currency-ratio", "lots", "--revenue-share", "2"]);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("currency_ratio", bad.Output);
        Assert.Contains("revenue_share", bad.Output);
        Assert.Equal(0.6m, await app.WithDb(db => db.Partners.Where(p => p.Id == long.Parse(id)).Select(p => p.RevenueShare).SingleAsync()));
        Assert.Equal(1, (await CliRunner.RunAsync(app, connectionString, ["partners", "show", "--id", "987654321"])).Exit);

        var advertiser = (await CliRunner.SucceedsAsync(app, connectionString, ["advertisers", "create", "--name", "Cli adv"])).Id("Advertiser id")
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        await CliRunner.SucceedsAsync(app, connectionString, ["advertisers", "edit", "--id", advertiser, "--name", "Cli adv 2", "--currency", "gbp"]);
        var shownAdvertiser = await CliRunner.SucceedsAsync(app, connectionString, ["advertisers", "show", "--id", advertiser]);
        Assert.Matches(@"Name:\s+Cli adv 2", shownAdvertiser.Output);
        Assert.Matches(@"Currency:\s+GBP", shownAdvertiser.Output);
        Assert.Equal(1, (await CliRunner.RunAsync(app, connectionString, ["advertisers", "edit", "--id", "987654321", "--name", "x"])).Exit);
    }

    [Fact]
    public async Task AnOffersTargetingScheduleAndCapsAreEditedGroupByGroupByTheImportsRules()
    {
        var m = await Market.CreateAsync(app);
        var path = $"/admin/offers/{m.OfferId}";
        var (status, offer) = await SendAsync(HttpMethod.Patch, path,
            """{"targeting":{"countries":["us","de"],"platforms":["android"],"min_os_version":"10"},"schedule":{"starts_at":"2026-01-01T00:00:00+01:00"},""" +
            """ "caps":{"daily_conversions":5,"total_budget":100.5,"time_zone":"Europe/Berlin"},"over_cap":"hold"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""["US","DE"]""", offer!["countries"]!.ToJsonString());
        Assert.Equal("""["android"]""", offer["platforms"]!.ToJsonString());
        Assert.Equal("10", (string?)offer["min_os_version"]);
        Assert.Equal(new DateTime(2025, 12, 31, 23, 0, 0, DateTimeKind.Utc), ((DateTime)offer["starts_at"]!).ToUniversalTime());
        Assert.Equal("Europe/Berlin", (string?)offer["cap_time_zone"]);
        Assert.Equal("hold", (string?)offer["over_cap"]);
        Assert.Equal(5, (int)offer["today"]!["conversions_cap"]!);
        Assert.Equal(100.5m, (decimal)offer["total"]!["budget"]!);

        // A group sent replaces that group; the others stay.
        (status, offer) = await SendAsync(HttpMethod.Patch, path, """{"targeting":{"excluded_countries":["fr"]}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("[]", offer!["countries"]!.ToJsonString());
        Assert.Equal("""["FR"]""", offer["excluded_countries"]!.ToJsonString());
        Assert.Null((string?)offer["min_os_version"]);
        Assert.NotNull(offer["starts_at"]);
        Assert.Equal(5, (int)offer["today"]!["conversions_cap"]!);
        Assert.Equal("hold", (string?)offer["over_cap"]);

        var before = (await SendAsync(HttpMethod.Get, path)).Body!.ToJsonString();
        (status, var body) = await SendAsync(HttpMethod.Patch, path,
            """{"targeting":{"countries":["usa"],"platforms":["amiga"]},"schedule":{"starts_at":"2026-02-01T00:00:00Z","ends_at":"2026-01-01T00:00:00Z"},""" +
            """ "caps":{"daily_budget":-1,"time_zone":"Mars/Olympus"},"over_cap":"drop"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["caps.daily_budget", "caps.time_zone", "over_cap", "schedule.ends_at", "targeting.countries", "targeting.platforms"],
            body!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(before, (await SendAsync(HttpMethod.Get, path)).Body!.ToJsonString());

        (status, offer) = await SendAsync(HttpMethod.Patch, path, """{"schedule":{},"caps":{}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null((string?)offer!["starts_at"]);
        Assert.Equal("America/New_York", (string?)offer["cap_time_zone"]);
        Assert.Equal("active", (string?)offer["budget_status"]);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Patch, "/admin/offers/no-such-offer", "{}")).Status);

        var file = Path.Combine(Path.GetTempPath(), "offerwall-edit-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            await File.WriteAllTextAsync(file, """{"targeting":{"countries":["gb"]},"caps":{"total_conversions":7}}""");
            var run = await CliRunner.SucceedsAsync(app, connectionString, ["offers", "edit", "--id", m.OfferId, "--file", file]);
            Assert.Matches(@"Countries:\s+GB", run.Output);
            Assert.Matches(@"In all:\s+0 of 7 conversions", run.Output);
            await File.WriteAllTextAsync(file, """{"over_cap":"never"}""");
            var bad = await CliRunner.RunAsync(app, connectionString, ["offers", "edit", "--id", m.OfferId, "--file", file]);
            Assert.Equal(2, bad.Exit);
            Assert.Contains("over_cap", bad.Output);
            Assert.Equal(1, (await CliRunner.RunAsync(app, connectionString, ["offers", "edit", "--id", "no-such-offer", "--file", file])).Exit);
            await File.WriteAllTextAsync(file, "[1,2]");
            Assert.Equal(2, (await CliRunner.RunAsync(app, connectionString, ["offers", "edit", "--id", m.OfferId, "--file", file])).Exit);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
