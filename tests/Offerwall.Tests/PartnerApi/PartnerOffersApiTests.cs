using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Data;
using Offerwall.Offers;
using Offerwall.Partners;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.PartnerApi;

/// <summary>
/// GET /data/partner/offers over HTTP: the partner's offer catalog. The class's tests share one database, so each finds its own offers
/// by id (the catalog lists every partner's offers of the operator), except the paging test, which pauses everything before it.
/// </summary>
public abstract class PartnerOffersApiTests(AppFixture app)
{
    private static async Task<JsonObject> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static string[] Keys(JsonObject o) => o.Select(p => p.Key).ToArray();

    private static string Number(JsonNode? node) => node!.ToJsonString();

    /// <summary>An offer of a fresh advertiser, open and uncapped unless <paramref name="configure"/> says otherwise, with one flat goal unless given.</summary>
    private Task<Offer> NewOfferAsync(Action<Offer>? configure = null, params Goal[] goals) => app.WithDb(async db =>
    {
        var advertiser = new Advertiser { Name = "Catalog advertiser", Secret = PartnerKeys.NewSecret(), CreatedAt = app.UtcNow };
        db.Add(advertiser);
        await db.SaveChangesAsync();
        var id = PartnerKeys.RandomToken(9);
        var offer = new Offer
        {
            PublicId = id, AdvertiserId = advertiser.Id, Name = "Offer " + id, TrackingUrl = "https://track.example/{tx_id}", CreatedAt = app.UtcNow,
            Goals = goals.Length > 0 ? [.. goals] : [Goal(id + "_0", reward: 1m, payout: 2m)],
        };
        configure?.Invoke(offer);
        db.Offers.Add(offer);
        await db.SaveChangesAsync();
        return offer;
    });

    private static Goal Goal(string publicId, decimal reward, decimal payout, int position = 0, int holdHours = 0) => new()
    {
        PublicId = publicId, Uuid = Guid.NewGuid(), Name = "Goal " + publicId, Reward = reward, Payout = payout, Position = position, HoldHours = holdHours,
    };

    private Task<HttpResponseMessage> OffersAsync(TestPartner p, string query = "") => p.GetAsync("/data/partner/offers" + query);

    /// <summary>Every offer of the catalog the partner sees with <paramref name="query"/>, by offer_id (all pages of 500).</summary>
    private async Task<Dictionary<string, JsonObject>> AllAsync(TestPartner p, string query = "status=all")
    {
        var all = new Dictionary<string, JsonObject>();
        for (var page = 1; ; page++)
        {
            var response = await OffersAsync(p, $"?{query}&per_page=500&page={page}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await Json(response);
            foreach (var row in body["data"]!.AsArray()) all.Add((string)row!["offer_id"]!, row.AsObject());
            if (page >= (int)body["meta"]!["last_page"]!) return all;
        }
    }

    private void ForgetPromotions() => app.App.Services.GetRequiredService<Promotions>().Forget();

    [Fact]
    public async Task AnOfferHasEveryFieldWithItsType()
    {
        var p = await TestPartner.CreateAsync(app, ratio: 100m);
        var offer = await NewOfferAsync(o =>
        {
            o.Description = "Build a kingdom"; o.Requirements = "New users only"; o.Categories = "Strategy,Casual"; o.IconUrl = "https://cdn.example/icon.png";
            o.ContactUrl = "https://help.example"; o.Disclaimer = "18+"; o.ConfirmationTime = "up to 24 hours"; o.ThingsToKnow = "Install\nPlay";
            o.IsGame = true; o.ProductId = "com.example.kingdom"; o.ProductName = "Kingdom"; o.Countries = "US,CA"; o.ExcludedCountries = "";
            o.Platforms = "android"; o.MinOsVersion = "10"; o.MaxOsVersion = "15"; o.StartsAt = app.UtcNow.AddDays(-1); o.EndsAt = app.UtcNow.AddDays(30);
            o.TimeLimitHours = 720; o.Caps = new Caps { DailyConversions = 50 };
        },
            Goal("k_install", reward: 0.5m, payout: 1m, holdHours: 24),
            new Goal
            {
                PublicId = "k_buy", Uuid = Guid.NewGuid(), Name = "Buy gems", Reward = 2m, Payout = 4m, Position = 1, Kind = GoalKind.Dynamic,
                DisplayType = DisplayType.Commission, CommissionAmount = 9.99m, Type = GoalType.Purchase, TimeLimitHours = 48,
            },
            new Goal
            {
                PublicId = "k_play", Uuid = Guid.NewGuid(), Name = "Play 30 minutes", Reward = 0m, Payout = 0m, Position = 2, Type = GoalType.TimePlayed,
                TimePlayedUnit = "minutes", TimePlayedCount = 30,
            });

        var response = await OffersAsync(p, "?per_page=500");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var body = await Json(response);
        Assert.Equal(["data", "links", "meta"], Keys(body));
        var row = body["data"]!.AsArray().Single(r => (string?)r!["offer_id"] == offer.PublicId)!.AsObject();

        Assert.Equal(["id", "offer_id", "name", "description", "requirements", "type", "categories", "icon_url", "support_url", "disclaimer",
            "confirmation_time", "things_to_know", "is_game", "product_id", "product_name", "budget_status", "targeting", "time_limit_hours", "caps_left",
            "currency_name", "total_reward", "total_reward_local_currency", "total_promotional_reward_local_currency", "total_payout", "promotions", "goals"],
            Keys(row));
        Assert.Equal(offer.Id, (long)row["id"]!);
        Assert.Equal(offer.Name, (string?)row["name"]);
        Assert.Equal("Build a kingdom", (string?)row["description"]);
        Assert.Equal("New users only", (string?)row["requirements"]);
        Assert.Equal("offer", (string?)row["type"]);
        Assert.Equal(["Strategy", "Casual"], row["categories"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.Equal("https://cdn.example/icon.png", (string?)row["icon_url"]);
        Assert.Equal("https://help.example", (string?)row["support_url"]);
        Assert.Equal("18+", (string?)row["disclaimer"]);
        Assert.Equal("up to 24 hours", (string?)row["confirmation_time"]);
        Assert.Equal(["Install", "Play"], row["things_to_know"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.True((bool)row["is_game"]!);
        Assert.Equal("com.example.kingdom", (string?)row["product_id"]);
        Assert.Equal("Kingdom", (string?)row["product_name"]);
        Assert.Equal("active", (string?)row["budget_status"]);
        Assert.Equal(720, (int)row["time_limit_hours"]!);
        Assert.Equal("Coins", (string?)row["currency_name"]);
        Assert.Equal("2.5", Number(row["total_reward"]));
        Assert.Equal("250", Number(row["total_reward_local_currency"]));
        Assert.Null(row["total_promotional_reward_local_currency"]);
        Assert.Equal("2.5", Number(row["total_payout"]));
        Assert.Empty(row["promotions"]!.AsArray());

        var targeting = row["targeting"]!.AsObject();
        Assert.Equal(["countries", "excluded_countries", "platforms", "min_os_version", "max_os_version", "starts_at", "ends_at"], Keys(targeting));
        Assert.Equal(["US", "CA"], targeting["countries"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.Empty(targeting["excluded_countries"]!.AsArray());
        Assert.Equal(["android"], targeting["platforms"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.Equal("10", (string?)targeting["min_os_version"]);
        Assert.Equal("15", (string?)targeting["max_os_version"]);
        Assert.Equal("2026-11-22T15:00:00Z", (string?)targeting["starts_at"]);
        Assert.Equal("2026-12-23T15:00:00Z", (string?)targeting["ends_at"]);

        var caps = row["caps_left"]!.AsObject();
        Assert.Equal(["today", "total", "resets_at"], Keys(caps));
        Assert.Equal(50, (int)caps["today"]!);
        Assert.Null(caps["total"]);
        Assert.Equal("2026-11-24T05:00:00Z", (string?)caps["resets_at"]); // midnight in New York (EST)

        var goals = row["goals"]!.AsArray().Select(g => g!.AsObject()).ToArray();
        Assert.Equal(["k_install", "k_buy", "k_play"], goals.Select(g => (string)g["goal_id"]!).ToArray());
        Assert.All(goals, g => Assert.Equal(["goal_id", "uuid", "name", "type", "type_id", "payable", "display_type", "reward", "reward_local_currency",
            "promotional_reward", "promotional_reward_local_currency", "payout", "commission_amount", "time_played", "hold_hours", "time_limit_hours"], Keys(g)));
        var (first, buy, play) = (goals[0], goals[1], goals[2]);
        Assert.Equal(offer.Goals[0].Uuid.ToString(), (string?)first["uuid"]);
        Assert.Equal("Goal k_install", (string?)first["name"]);
        Assert.Equal("flat", (string?)first["type"]);
        Assert.Equal(0, (int)first["type_id"]!);
        Assert.True((bool)first["payable"]!);
        Assert.Equal("none", (string?)first["display_type"]);
        Assert.Equal("0.5", Number(first["reward"]));
        Assert.Equal("50", Number(first["reward_local_currency"]));
        Assert.Null(first["promotional_reward"]);
        Assert.Null(first["promotional_reward_local_currency"]);
        Assert.Equal("0.5", Number(first["payout"])); // 1 USD × the partner's revenue share 0.5
        Assert.Null(first["commission_amount"]);
        Assert.Null(first["time_played"]);
        Assert.Equal(24, (int)first["hold_hours"]!);
        Assert.Equal(720, (int)first["time_limit_hours"]!); // the offer's
        Assert.Equal("dynamic", (string?)buy["type"]);
        Assert.Equal(3, (int)buy["type_id"]!);
        Assert.Equal("commission", (string?)buy["display_type"]);
        Assert.Equal("9.99", Number(buy["commission_amount"]));
        Assert.Equal("200", Number(buy["reward_local_currency"]));
        Assert.Equal(48, (int)buy["time_limit_hours"]!); // its own
        Assert.False((bool)play["payable"]!);
        Assert.Equal("0", Number(play["reward_local_currency"]));
        Assert.Equal(4, (int)play["type_id"]!);
        Assert.Equal("""{"unit":"minutes","count":30}""", play["time_played"]!.ToJsonString());
    }

    [Fact]
    public async Task RewardsAndPayoutsAreEachPartnersOwn()
    {
        var coins = await TestPartner.CreateAsync(app, ratio: 100m);
        var gems = await TestPartner.CreateAsync(app, ratio: 2.5m);
        await app.WithDb(db => db.Partners.Where(x => x.Id == gems.Partner.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevenueShare, 0.7m).SetProperty(x => x.CurrencyName, "Gems")));
        var offer = await NewOfferAsync(null, Goal("r_1", reward: 0.33m, payout: 1.01m), Goal("r_2", reward: 1.25m, payout: 3m, position: 1));

        var a = (await AllAsync(coins))[offer.PublicId];
        var b = (await AllAsync(gems))[offer.PublicId];
        Assert.Equal("Coins", (string?)a["currency_name"]);
        Assert.Equal("Gems", (string?)b["currency_name"]);
        Assert.Equal(["33", "125"], a["goals"]!.AsArray().Select(g => Number(g!["reward_local_currency"])).ToArray());
        Assert.Equal(["0.83", "3.13"], b["goals"]!.AsArray().Select(g => Number(g!["reward_local_currency"])).ToArray()); // half away from zero
        Assert.Equal(["0.51", "1.5"], a["goals"]!.AsArray().Select(g => Number(g!["payout"])).ToArray()); // 1.01 × 0.5 = 0.505 → 0.51
        Assert.Equal(["0.71", "2.1"], b["goals"]!.AsArray().Select(g => Number(g!["payout"])).ToArray());
        Assert.Equal(["0.33", "1.25"], b["goals"]!.AsArray().Select(g => Number(g!["reward"])).ToArray());
        Assert.Equal("158", Number(a["total_reward_local_currency"]));
        Assert.Equal("3.96", Number(b["total_reward_local_currency"]));
        Assert.Equal("2.81", Number(b["total_payout"]));
    }

    [Fact]
    public async Task EachPartnerSeesOnlyThePromotionsRunningForIt()
    {
        var a = await TestPartner.CreateAsync(app, ratio: 100m);
        var b = await TestPartner.CreateAsync(app, ratio: 10m);
        var x = await NewOfferAsync(null, Goal("px_0", reward: 1m, payout: 2m));
        var y = await NewOfferAsync(null, Goal("py_0", reward: 1m, payout: 2m));
        var now = app.UtcNow;
        await app.WithDb(async db =>
        {
            db.Promotions.AddRange(
                new Promotion { OfferId = x.Id, PartnerId = a.Partner.Id, Multiplier = 2m, StartsAt = now.AddHours(-1), EndsAt = now.AddHours(5) },
                new Promotion { OfferId = null, PartnerId = b.Partner.Id, Multiplier = 1m, Bonus = 0.5m, StartsAt = now.AddHours(-1), EndsAt = now.AddHours(5) },
                new Promotion { OfferId = y.Id, PartnerId = null, Multiplier = 1.5m, StartsAt = now.AddHours(-2), EndsAt = now.AddHours(1) },
                new Promotion { OfferId = y.Id, PartnerId = a.Partner.Id, Multiplier = 9m, StartsAt = now.AddHours(1), EndsAt = now.AddHours(2) }); // not yet
            return await db.SaveChangesAsync();
        });
        ForgetPromotions();

        var seenByA = await AllAsync(a);
        var seenByB = await AllAsync(b);
        string[] Scopes(JsonObject o) => o["promotions"]!.AsArray().Select(p => $"{p!["scope"]}:{Number(p["multiplier"])}+{Number(p["bonus"])}").ToArray();

        // A: its own on X, everyone's on Y; never B's bonus on all offers, never its own that has not started.
        Assert.Equal(["offer:2+0"], Scopes(seenByA[x.PublicId]));
        Assert.Equal(["offer:1.5+0"], Scopes(seenByA[y.PublicId]));
        Assert.Equal("200", Number(seenByA[x.PublicId]["goals"]![0]!["promotional_reward_local_currency"]));
        Assert.Equal("2", Number(seenByA[x.PublicId]["goals"]![0]!["promotional_reward"]));
        Assert.Equal("150", Number(seenByA[y.PublicId]["goals"]![0]!["promotional_reward_local_currency"]));
        Assert.Equal("200", Number(seenByA[x.PublicId]["total_promotional_reward_local_currency"]));
        Assert.Empty(seenByA[a.Game.PublicId]["promotions"]!.AsArray());

        // B: its bonus on every offer (also A's and X), everyone's on Y, never A's ×2 on X.
        Assert.Equal(["all_offers:1+0.5"], Scopes(seenByB[x.PublicId]));
        Assert.Equal("15", Number(seenByB[x.PublicId]["goals"]![0]!["promotional_reward_local_currency"]));
        Assert.Equal("5", Number(seenByB[x.PublicId]["promotions"]![0]!["bonus_local_currency"]));
        Assert.Equal(["offer:1.5+0", "all_offers:1+0.5"], Scopes(seenByB[y.PublicId])); // by start
        Assert.Equal("15", Number(seenByB[y.PublicId]["goals"]![0]!["promotional_reward_local_currency"]));
        Assert.Equal(["all_offers:1+0.5"], Scopes(seenByB[a.Game.PublicId]));

        var promotion = seenByA[x.PublicId]["promotions"]![0]!.AsObject();
        Assert.Equal(["scope", "multiplier", "bonus", "bonus_local_currency", "starts_at", "ends_at"], Keys(promotion));
        Assert.Equal("2026-11-23T14:00:00Z", (string?)promotion["starts_at"]);
        Assert.Equal("2026-11-23T20:00:00Z", (string?)promotion["ends_at"]);

        // Nothing of B's reaches A's answer at all.
        var bodyA = await (await OffersAsync(a, "?status=all&per_page=500")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("all_offers", bodyA);
    }

    [Fact]
    public async Task PagesFollowOfferIdsWithoutSkippingOrRepeating()
    {
        var p = await TestPartner.CreateAsync(app);
        await app.WithDb(db => db.Offers.ExecuteUpdateAsync(s => s.SetProperty(o => o.Paused, true)));
        var mine = new List<Offer>();
        for (var i = 0; i < 5; i++) mine.Add(await NewOfferAsync());

        var seen = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            var body = await Json(await OffersAsync(p, $"?per_page=2&page={page}"));
            var meta = body["meta"]!.AsObject();
            Assert.Equal(["current_page", "from", "last_page", "links", "path", "per_page", "to", "total"], Keys(meta));
            Assert.Equal(5, (int)meta["total"]!);
            Assert.Equal(3, (int)meta["last_page"]!);
            Assert.Equal(2, (int)meta["per_page"]!);
            Assert.Equal("http://localhost/data/partner/offers", (string?)meta["path"]);
            var rows = body["data"]!.AsArray().Select(r => (string)r!["offer_id"]!).ToArray();
            Assert.Equal(page switch { 1 or 2 => 2, 3 => 1, _ => 0 }, rows.Length);
            Assert.Equal(page <= 3 ? (page - 1) * 2 + 1 : null, (int?)meta["from"]);
            var links = body["links"]!.AsObject();
            Assert.Equal("http://localhost/data/partner/offers?per_page=2&page=1", (string?)links["first"]);
            Assert.Equal("http://localhost/data/partner/offers?per_page=2&page=3", (string?)links["last"]);
            Assert.Equal(page < 3 ? $"http://localhost/data/partner/offers?per_page=2&page={page + 1}" : null, (string?)links["next"]);
            Assert.Equal(page > 1 ? $"http://localhost/data/partner/offers?per_page=2&page={page - 1}" : null, (string?)links["prev"]);
            seen.AddRange(rows);
        }
        Assert.Equal(mine.OrderBy(o => o.Id).Select(o => o.PublicId), seen);

        // Defaults: page 1 of 100; paused offers only on asking.
        var first = await Json(await OffersAsync(p));
        Assert.Equal(100, (int)first["meta"]!["per_page"]!);
        Assert.Equal(1, (int)first["meta"]!["current_page"]!);
        Assert.Equal(5, first["data"]!.AsArray().Count);
        Assert.Equal(500, (int)(await Json(await OffersAsync(p, "?per_page=500")))["meta"]!["per_page"]!);
        Assert.Contains(p.Game.PublicId, (await AllAsync(p, "status=paused")).Keys);
    }

    [Theory]
    [InlineData("per_page=0", "per_page", "The per page field must be between 1 and 500.")]
    [InlineData("per_page=501", "per_page", "The per page field must be between 1 and 500.")]
    [InlineData("per_page=99999999999999999999", "per_page", "The per page field must be between 1 and 500.")]
    [InlineData("per_page=ten", "per_page", "The per page field must be an integer.")]
    [InlineData("page=0", "page", "The page field must be at least 1.")]
    [InlineData("page=abc", "page", "The page field must be an integer.")]
    [InlineData("page=1.5", "page", "The page field must be an integer.")]
    [InlineData("status=Active", "status", "The selected status is invalid.")]
    [InlineData("status=deleted", "status", "The selected status is invalid.")]
    [InlineData("country=USA", "country", "The country field must be 2 characters.")]
    [InlineData("country=U", "country", "The country field must be 2 characters.")]
    [InlineData("country=1A", "country", "The country field must only contain letters.")]
    [InlineData("country=%C3%A9%C3%A9", "country", "The country field must only contain letters.")]
    [InlineData("platform=windows", "platform", "The selected platform is invalid.")]
    [InlineData("platform=android_phone", "platform", "The selected platform is invalid.")]
    [InlineData("type=game", "type", "The selected type is invalid.")]
    public async Task BadInputIs422NamingTheField(string query, string field, string message)
    {
        var p = await TestPartner.CreateAsync(app);
        var response = await OffersAsync(p, "?" + query);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(["message", "errors"], Keys(body));
        Assert.Equal(message, (string?)body["message"]);
        Assert.Equal([field], Keys(body["errors"]!.AsObject()));
    }

    [Fact]
    public async Task SeveralBadFieldsAreAllNamed()
    {
        var p = await TestPartner.CreateAsync(app);
        var body = await Json(await OffersAsync(p, "?status=x&country=x&platform=x&type=x&per_page=0&page=0"));
        Assert.Equal(["status", "country", "platform", "type", "per_page", "page"], Keys(body["errors"]!.AsObject()));
        Assert.Equal("The selected status is invalid. (and 5 more errors)", (string?)body["message"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task MissingOrWrongKeyIs401InLaravelsShape(string? authorization)
    {
        await TestPartner.CreateAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/partner/offers");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"message":"Unauthenticated."}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BudgetStatusIsTheOperatorsAndFiltersByIt()
    {
        var p = await TestPartner.CreateAsync(app);
        var now = app.UtcNow;
        var active = await NewOfferAsync(o => o.Caps = new Caps { TotalConversions = 10, DailyConversions = 5 });
        var paused = await NewOfferAsync(o => o.Paused = true);
        var retired = await NewOfferAsync(o => o.IsActive = false);
        var upcoming = await NewOfferAsync(o => o.StartsAt = now.AddHours(2));
        var ended = await NewOfferAsync(o => o.EndsAt = now);
        var capped = await NewOfferAsync(o => o.Caps = new Caps { TotalConversions = 3 });
        var cappedToday = await NewOfferAsync(o => o.Caps = new Caps { DailyConversions = 2 });
        await app.WithDb(db =>
        {
            var today = CapDays.DayOf(now, Caps.DefaultTimeZone);
            db.CapCounters.AddRange(
                new CapCounter { OfferId = active.Id, GoalId = 0, Day = CapCounter.Total, Conversions = 4, Spend = 8m },
                new CapCounter { OfferId = active.Id, GoalId = 0, Day = today, Conversions = 1, Spend = 2m },
                new CapCounter { OfferId = capped.Id, GoalId = 0, Day = CapCounter.Total, Conversions = 3, Spend = 6m },
                new CapCounter { OfferId = cappedToday.Id, GoalId = 0, Day = today, Conversions = 2, Spend = 4m });
            return db.SaveChangesAsync();
        });
        var expected = new Dictionary<string, string>
        {
            [active.PublicId] = "active", [paused.PublicId] = "paused", [retired.PublicId] = "paused", [upcoming.PublicId] = "scheduled",
            [ended.PublicId] = "scheduled", [capped.PublicId] = "capped", [cappedToday.PublicId] = "capped",
        };

        var all = await AllAsync(p);
        foreach (var (id, status) in expected) Assert.Equal(status, (string?)all[id]["budget_status"]);
        Assert.Equal("""{"today":4,"total":6,"resets_at":"2026-11-24T05:00:00Z"}""", all[active.PublicId]["caps_left"]!.ToJsonString());
        Assert.Equal("""{"today":null,"total":0,"resets_at":null}""", all[capped.PublicId]["caps_left"]!.ToJsonString());
        Assert.Null(all[paused.PublicId]["caps_left"]);

        foreach (var status in new[] { "active", "capped", "scheduled", "paused" })
        {
            var listed = (await AllAsync(p, "status=" + status)).Keys.Where(expected.ContainsKey).Order().ToArray();
            Assert.Equal(expected.Where(e => e.Value == status).Select(e => e.Key).Order().ToArray(), listed);
        }
        var byDefault = (await AllAsync(p, "x=1")).Keys.Where(expected.ContainsKey).ToArray();
        Assert.Equal([active.PublicId], byDefault);
    }

    [Fact]
    public async Task SurveysAreListedOnlyForPartnersWithSurveys()
    {
        var without = await TestPartner.CreateAsync(app, surveys: false);
        var with = await TestPartner.CreateAsync(app, surveys: true);

        var plain = await AllAsync(without);
        Assert.DoesNotContain(without.Survey.PublicId, plain.Keys);
        Assert.DoesNotContain(plain.Values, o => (string?)o["type"] == "survey");
        Assert.Contains(without.Game.PublicId, plain.Keys);
        Assert.Empty(await AllAsync(without, "status=all&type=survey"));

        var surveys = await AllAsync(with, "status=all&type=survey");
        Assert.Contains(with.Survey.PublicId, surveys.Keys);
        Assert.Contains(without.Survey.PublicId, surveys.Keys);
        Assert.All(surveys.Values, o => Assert.Equal("survey", (string?)o["type"]));
        Assert.DoesNotContain(with.Game.PublicId, surveys.Keys);
        Assert.Contains(with.Game.PublicId, (await AllAsync(with, "status=all&type=offer")).Keys);
    }

    [Fact]
    public async Task CountryAndPlatformFiltersFollowTheTargetingRule()
    {
        var p = await TestPartner.CreateAsync(app);
        var everywhere = await NewOfferAsync();
        var usOnly = await NewOfferAsync(o => o.Countries = "US");
        var notUs = await NewOfferAsync(o => o.ExcludedCountries = "US");
        var iosTablet = await NewOfferAsync(o => o.Platforms = "ios_tablet");
        var androidWeb = await NewOfferAsync(o => o.Platforms = "android,web");
        var mine = new[] { everywhere, usOnly, notUs, iosTablet, androidWeb }.ToDictionary(o => o.PublicId, o => o);

        async Task<Offer[]> Listed(string query) => [.. (await AllAsync(p, query)).Keys.Where(mine.ContainsKey).Select(k => mine[k])];
        Assert.Equal([everywhere, usOnly, iosTablet, androidWeb], await Listed("country=us"));
        Assert.Equal([everywhere, notUs, iosTablet, androidWeb], await Listed("country=DE"));
        Assert.Equal([everywhere, usOnly, notUs, iosTablet], await Listed("platform=ios"));
        Assert.Equal([everywhere, usOnly, notUs, androidWeb], await Listed("platform=android"));
        Assert.Equal([everywhere, usOnly, androidWeb], await Listed("platform=android&country=US"));
    }

    [Fact]
    public async Task AnIconOnThisServerIsGivenWithItsFullAddress()
    {
        var p = await TestPartner.CreateAsync(app);
        var local = await NewOfferAsync(o => o.IconUrl = "/wall/icons/x.svg");
        var remote = await NewOfferAsync(o => o.IconUrl = "https://cdn.example/y.png");
        var all = await AllAsync(p);
        Assert.Equal("http://localhost/wall/icons/x.svg", (string?)all[local.PublicId]["icon_url"]);
        Assert.Equal("https://cdn.example/y.png", (string?)all[remote.PublicId]["icon_url"]);
    }

    [Fact]
    public async Task APageCostsTheSameFewQueriesWhateverItsSize()
    {
        var p = await TestPartner.CreateAsync(app);
        using var counter = new CommandCounter(app);
        // Each context asks whether anyone listens at most once a second (EF's logging cache time): from a second on, all see us.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await OffersAsync(p, "?status=all&per_page=500"); // warms the promotions and the compiled queries
        var before = await counter.CountAsync(() => OffersAsync(p, "?status=all&per_page=500"));
        for (var i = 0; i < 30; i++) await NewOfferAsync(null, Goal($"q{i}_a", 1m, 2m), Goal($"q{i}_b", 1m, 2m, position: 1));
        var after = await counter.CountAsync(() => OffersAsync(p, "?status=all&per_page=500"));
        Assert.True(before == after, $"{before} then {after} commands:\n" + string.Join("\n---\n", counter.Texts));
        Assert.InRange(after, 1, 6);
    }

    /// <summary>Counts the SQL commands this fixture's database runs (EF's diagnostics, told apart from other classes' by the connection).</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _database;
        private readonly IDisposable _all;
        private readonly List<IDisposable> _listeners = [];
        private int _count;

        public List<string> Texts { get; } = [];

        public CommandCounter(AppFixture app)
        {
            using var scope = app.Scope();
            var connection = scope.ServiceProvider.GetRequiredService<OfferwallDb>().Database.GetDbConnection();
            _database = connection.DataSource + "/" + connection.Database;
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public async Task<int> CountAsync(Func<Task<HttpResponseMessage>> request)
        {
            Interlocked.Exchange(ref _count, 0);
            lock (Texts) Texts.Clear();
            Assert.Equal(HttpStatusCode.OK, (await request()).StatusCode);
            return Volatile.Read(ref _count);
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (_listeners) _listeners.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData data
                && data.Command.Connection is { } c && c.DataSource + "/" + c.Database == _database)
            {
                Interlocked.Increment(ref _count);
                lock (Texts) Texts.Add(data.Command.CommandText);
            }
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            lock (_listeners) _listeners.ForEach(l => l.Dispose());
        }
    }
}
