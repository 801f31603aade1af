using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

/// <summary>The offer list (v1 and v2), starting an offer, and the user's started offers (GET /v1/client/user/started-offers).</summary>
public abstract class ClientOffersTests(AppFixture app)
{
    private static readonly object[] TwoGoals =
    [
        new { id = "0", name = "Install", payout = 1m, reward = 0.5m },
        new { id = "1", name = "Reach level 10", payout = 2m, reward = 1m, hold_hours = 24 },
    ];

    private static readonly string[] OfferKeys =
    [
        "id", "anchor", "description", "requirements", "confirmation_time", "click_url", "support_url", "icon_url", "categories", "total_points",
        "total_points_promotional", "events",
    ];

    private static readonly string[] EventKeys =
    [
        "uuid", "name", "type", "payable", "display_type", "points", "promotional_points", "payout", "status", "type_id", "expires_at", "time_played",
        "multiple_conversions_allowed",
    ];

    private static readonly string[] HistoryKeys =
    [
        "offer_id", "anchor", "icon_url", "status", "points", "pending_points", "total_points", "completed_events", "total_events", "tx_id",
        "started_at", "latest_date",
    ];

    private static string At(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject? Find(JsonNode list, string key, string offerId) =>
        list[key]!.AsArray().Select(o => o!.AsObject()).SingleOrDefault(o => (string?)o["id"] == offerId);

    private static string[] Ids(JsonNode list, string key) => [.. list[key]!.AsArray().Select(o => (string)o!["id"]!)];

    [Fact]
    public async Task StartedOffersMoveFromOffersToStartedOffersWithTheirProgress()
    {
        var shop = await Shop.CreateAsync(app, ratio: 100m);
        var a = await shop.ImportAsync(TwoGoals, new() { ["time_limit_hours"] = 72, ["categories"] = new[] { "Game" } });
        var b = await shop.ImportAsync(TwoGoals);

        var list = (await shop.GetAsync("/v1/client/offers", "u-1")).Data;
        Assert.Equal(["offers", "started_offers"], SeedKeys.Of(list));
        Assert.Contains(a.Id, Ids(list, "offers"));
        Assert.Contains(b.Id, Ids(list, "offers"));
        Assert.Empty(list["started_offers"]!.AsArray());
        var fresh = Find(list, "offers", a.Id)!;
        Assert.Equal(OfferKeys, SeedKeys.Of(fresh));
        Assert.All(fresh["events"]!.AsArray(), e => Assert.Equal(EventKeys, SeedKeys.Of(e)));
        Assert.Equal($"http://localhost/v1/client/offers/{a.Id}/start", (string?)fresh["click_url"]);
        Assert.Equal("150.00", (string?)fresh["total_points"]);
        Assert.Null(fresh["total_points_promotional"]);
        Assert.Equal("[\"Game\"]", fresh["categories"]!.ToJsonString());
        Assert.Equal(["50.00", "100.00"], fresh["events"]!.AsArray().Select(e => (string)e!["points"]!));
        Assert.Equal(["0.50", "1.00"], fresh["events"]!.AsArray().Select(e => (string)e!["payout"]!));
        Assert.All(fresh["events"]!.AsArray(), e => Assert.Null(e!["expires_at"]));   // no click yet: no deadline

        var started = app.UtcNow;
        var tx = await shop.StartAsync(a.Id, "u-1");
        await shop.PostbackAsync(tx, a[0].PublicId);
        list = (await shop.GetAsync("/v1/client/offers", "u-1")).Data;
        Assert.DoesNotContain(a.Id, Ids(list, "offers"));
        Assert.Contains(b.Id, Ids(list, "offers"));
        Assert.Equal([a.Id], Ids(list, "started_offers"));
        var mine = Find(list, "started_offers", a.Id)!;
        Assert.Equal(["completed", "viewed"], mine["events"]!.AsArray().Select(e => (string)e!["status"]!));
        Assert.Equal([At(started.AddHours(72)), At(started.AddHours(72))], mine["events"]!.AsArray().Select(e => (string)e!["expires_at"]!));

        // v2 lists the same offers in BitLabs' shape (BitLabsApiTests), by their integer ids.
        var v2 = await shop.GetAsync("/v2/client/offers", "u-1");
        Assert.Equal(HttpStatusCode.OK, v2.Status);
        Assert.Equal(list["offers"]!.AsArray().Count, v2.Data["offers"]!.AsArray().Count);
        Assert.Equal(["Client Game"], v2.Data["started_offers"]!.AsArray().Select(o => (string)o!["anchor"]!));
    }

    [Fact]
    public async Task SurveyOffersAreOnlyForPartnersWithSurveys()
    {
        var shop = await Shop.CreateAsync(app);
        var surveyShop = await shop.OtherPartnerAsync(surveys: true);
        var survey = await shop.ImportAsync([new { id = "0", name = "Complete the survey", payout = 1m, reward = 0.6m }], new() { ["type"] = "survey" });

        Assert.DoesNotContain(survey.Id, Ids((await shop.GetAsync("/v1/client/offers", "u")).Data, "offers"));
        Assert.Contains(survey.Id, Ids((await surveyShop.GetAsync("/v1/client/offers", "u")).Data, "offers"));
        var surveyId = await app.WithDb(db => db.Offers.Where(o => o.PublicId == survey.Id).Select(o => o.Id).SingleAsync());
        long[] V2Ids(ClientAnswer answer) => [.. answer.Data["offers"]!.AsArray().Select(o => (long)o!["id"]!)];
        Assert.DoesNotContain(surveyId, V2Ids(await shop.GetAsync("/v2/client/offers", "u")));
        Assert.Contains(surveyId, V2Ids(await surveyShop.GetAsync("/v2/client/offers", "u")));
        var refused = await shop.PostAsync($"/v1/client/offers/{survey.Id}/start", "u");
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal("offer not found", refused.ErrorMessage);
        Assert.Equal((0, 0), await shop.FootprintAsync());
        await surveyShop.StartAsync(survey.Id, "u");
        Assert.Equal([survey.Id], Ids((await surveyShop.GetAsync("/v1/client/offers", "u")).Data, "started_offers"));
    }

    [Fact]
    public async Task PlatformTargetingShowsAnOfferOnlyWhereItRunsAndAnUnknownCountrySeesNoCountryTargetedOffer()
    {
        var shop = await Shop.CreateAsync(app);
        var targeted = await shop.ImportAsync(TwoGoals, new() { ["platforms"] = new[] { "ios" } });
        var countryTargeted = await shop.ImportAsync(TwoGoals, new() { ["countries"] = new[] { "US" } });
        var everywhere = await shop.ImportAsync(TwoGoals);
        const string iPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
        const string android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36";
        const string desktop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36";

        var cases = new (string Query, string? UserAgent, bool Shown)[]
        {
            ("", null, false),                           // no user agent: a desktop browser
            ("?platform=ios", null, true),
            ("?platform=IOS", null, true),               // any case
            ("?platform=android", null, false),
            ("", iPhone, true),                          // platform from the user agent
            ("", android, false),
            ("", desktop, false),                        // web
            ("?platform=ios", android, true),            // the app's word wins over the user agent
            ("?platform=android&devices=iphone", null, true), // a device the user owns counts too
        };
        foreach (var (query, userAgent, shown) in cases)
        {
            (string, string)[] headers = userAgent is null ? [] : [("User-Agent", userAgent)];
            var answer = await shop.GetAsync("/v1/client/offers" + query, "u", null, headers);
            Assert.True(answer.Status == HttpStatusCode.OK, query + " " + answer.Text);
            Assert.True(shown == Ids(answer.Data, "offers").Contains(targeted.Id), $"{query} {userAgent}: expected shown={shown}");
            Assert.Contains(everywhere.Id, Ids(answer.Data, "offers"));
            // These requests come from no address a country database knows, and ?country= is not trusted by default.
            Assert.DoesNotContain(countryTargeted.Id, Ids((await shop.GetAsync("/v1/client/offers?country=US" + query.Replace('?', '&'), "u", null, headers)).Data, "offers"));
        }

        // Once started, the offer stays in the user's started offers wherever they look from.
        await shop.StartAsync(targeted.Id, "u", ("User-Agent", iPhone));
        Assert.Equal([targeted.Id], Ids((await shop.GetAsync("/v1/client/offers", "u")).Data, "started_offers"));
    }

    [Theory]
    [InlineData("?country=USA", "country must be a 2-letter ISO code")]
    [InlineData("?country=U1", "country must be a 2-letter ISO code")]
    [InlineData("?country=%C3%9Cx", "country must be a 2-letter ISO code")]
    [InlineData("?platform=windows", "platform must be android, ios or web")]
    public async Task BadCountryOrPlatformAnswers400(string query, string message)
    {
        var shop = await Shop.CreateAsync(app);
        foreach (var path in new[] { "/v1/client/offers", "/v2/client/offers" })
        {
            var answer = await shop.GetAsync(path + query, "u");
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal(message, answer.ErrorMessage);
            Assert.Equal("400 Bad Request", (string?)answer.Body["error"]!["details"]!["http"]);
        }
    }

    [Fact]
    public async Task StartRecordsOneClickAndStartingAgainKeepsItsTxId()
    {
        var shop = await Shop.CreateAsync(app);
        var offer = await shop.ImportAsync(TwoGoals);
        var started = app.UtcNow;

        var first = await shop.PostAsync($"/v1/client/offers/{offer.Id}/start", "Starter", null, ("User-Agent", "TestApp/1.0"));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(SeedKeys.Envelope, SeedKeys.Of(first.Body));
        Assert.Equal(["offer_id", "tx_id", "continue_url", "started_at"], SeedKeys.Of(first.Data));
        var tx = (string)first.Data["tx_id"]!;
        Assert.Equal(24, tx.Length);
        Assert.Equal(offer.Id, (string?)first.Data["offer_id"]);
        Assert.Equal($"https://track.example/c?tx={tx}&u=Starter&p={shop.PartnerId}&o={offer.Id}", (string?)first.Data["continue_url"]);
        Assert.Equal(At(started), (string?)first.Data["started_at"]);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await shop.PostAsync($"/v1/client/offers/{offer.Id}/start", "Starter");
        Assert.Equal(first.Data.ToJsonString(), again.Data.ToJsonString());

        var clicks = await app.WithDb(db => db.Clicks.Where(c => c.PartnerId == shop.PartnerId).ToListAsync());
        var click = Assert.Single(clicks);
        Assert.Equal(tx, click.TxId);
        Assert.Equal("TestApp/1.0", click.UserAgent);
    }

    [Fact]
    public async Task StartingAnUnknownOrInactiveOfferAnswers404AndWritesNothing()
    {
        var shop = await Shop.CreateAsync(app);
        var inactive = await shop.ImportAsync(TwoGoals, new() { ["is_active"] = false });
        foreach (var offerId in new[] { "no-such-offer", inactive.Id })
        {
            var answer = await shop.PostAsync($"/v1/client/offers/{offerId}/start", "u");
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
            Assert.Equal("offer not found", answer.ErrorMessage);
        }
        Assert.Equal((0, 0), await shop.FootprintAsync());
        Assert.DoesNotContain(inactive.Id, Ids((await shop.GetAsync("/v1/client/offers", "u")).Data, "offers"));
    }

    [Fact]
    public async Task StartedOffersListTheNewestActivityFirst()
    {
        var shop = await Shop.CreateAsync(app, ratio: 100m);
        Assert.Empty((await shop.GetAsync("/v1/client/user/started-offers", "historian")).Data.AsArray());
        var a = await shop.ImportAsync(TwoGoals);
        var b = await shop.ImportAsync(TwoGoals);
        var c = await shop.ImportAsync(TwoGoals);
        var t0 = app.UtcNow;

        var txA = await shop.StartAsync(a.Id, "historian");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var txB = await shop.StartAsync(b.Id, "historian");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await shop.StartAsync(c.Id, "historian");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await shop.PostbackAsync(txA, a[0].PublicId);                      // a's activity is now the newest

        var history = (await shop.GetAsync("/v1/client/user/started-offers", "historian")).Data.AsArray();
        Assert.Equal([a.Id, c.Id, b.Id], history.Select(h => (string)h!["offer_id"]!));
        var first = history[0]!;
        Assert.Equal(HistoryKeys, SeedKeys.Of(first));
        Assert.Equal("Client Game", (string?)first["anchor"]);
        Assert.Equal("in_progress", (string?)first["status"]);
        Assert.Equal("50.00", (string?)first["points"]);
        Assert.Equal("0.00", (string?)first["pending_points"]);
        Assert.Equal("150.00", (string?)first["total_points"]);
        Assert.Equal(1, (int)first["completed_events"]!);
        Assert.Equal(2, (int)first["total_events"]!);
        Assert.Equal(txA, (string?)first["tx_id"]);
        Assert.Equal(At(t0), (string?)first["started_at"]);
        Assert.Equal(At(t0.AddMinutes(3)), (string?)first["latest_date"]);

        // b: a pending level, then both goals done.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var level = await shop.PostbackAsync(txB, b[1].PublicId);
        history = (await shop.GetAsync("/v1/client/user/started-offers", "historian")).Data.AsArray();
        Assert.Equal([b.Id, a.Id, c.Id], history.Select(h => (string)h!["offer_id"]!));
        Assert.Equal("pending", (string?)history[0]!["status"]);
        Assert.Equal("100.00", (string?)history[0]!["pending_points"]);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await shop.PostbackAsync(txB, b[0].PublicId);
        await shop.MoveAsync(level, "approve");
        history = (await shop.GetAsync("/v1/client/user/started-offers", "historian")).Data.AsArray();
        Assert.Equal("completed", (string?)history[0]!["status"]);
        Assert.Equal("150.00", (string?)history[0]!["points"]);
        Assert.Equal(["completed", "in_progress", "in_progress"], history.Select(h => (string)h!["status"]!));
    }
}
