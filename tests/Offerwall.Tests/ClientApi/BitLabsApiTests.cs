using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.ClientApi;

/// <summary>
/// The BitLabs-compatible surface over real HTTP: GET /v2/client/offers key by key and type by type against BitLabs' documented fields
/// (https://docs.bitlabs.ai/operation/operation-getoffersv2), each of its query parameters, the click_url a browser opens (records the
/// click as the POST start does, 302 to the tracking link, refuses what the start refuses), the impression_url, the offer details by
/// integer id, and GET /v1/client/user/history in BitLabs' item shape with its filter. The fixture has the test country database and
/// takes each request's address from a header (the connection's own address, by default in Canada's registered range: no country).
/// </summary>
public abstract class BitLabsApiTests(AppFixture app)
{
    private const string Desktop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
    private const string AndroidPhone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";

    // BitLabs' offer fields (reference, in its order), then those its guide's examples add.
    private static readonly string[] OfferKeys =
    [
        "id", "anchor", "description", "requirements", "confirmation_time", "click_url", "support_url", "icon_url", "impression_url", "categories",
        "total_points", "total_points_promotional", "is_sticky", "events", "disclaimer", "things_to_know", "epc", "creatives", "app_metadata",
    ];

    private static readonly string[] EventKeys =
    [
        "uuid", "name", "type", "payable", "display_type", "points", "promotional_points", "commission_amount", "payout", "status", "type_id",
        "ttc_minutes", "expires_at", "time_played", "multiple_conversions_allowed", "multiple_conversions_rules",
    ];

    private static readonly string[] HistoryKeys =
    [
        "type", "survey_id", "tx_id", "details", "user_value", "rating", "created_at", "duration", "reconciled", "callback_delay_seconds", "support_form_url",
    ];

    private static readonly object[] Goals =
    [
        new { id = "0", name = "Install", payout = 1m, reward = 0m, type_id = 1 },
        new { id = "1", name = "Spend", payout = 4m, reward = 2m, display_type = "commission", commission_amount = 9.99m, hold_hours = 48, time_limit_hours = 24 },
        new { id = "2", name = "Play", payout = 2m, reward = 1m, kind = "dynamic", type_id = 4, time_played_unit = "minutes", time_played_count = 30 },
    ];

    private static (string, string) From(string address) => ClientAddressStartupFilter.From(address);

    private static (string, string) Agent(string userAgent) => ("User-Agent", userAgent);

    private async Task<(Shop Shop, long Id, ShopOffer Offer)> OfferAsync(AppFixture app, Dictionary<string, object?>? extra = null, Shop? shop = null)
    {
        shop ??= await Shop.CreateAsync(app, ratio: 100m);
        var offer = await shop.ImportAsync(Goals, extra);
        var id = await app.WithDb(db => db.Offers.Where(o => o.PublicId == offer.Id).Select(o => o.Id).SingleAsync());
        _mine.Add(id);
        return (shop, id, offer);
    }

    private static Task<ClientAnswer> V2(Shop shop, string query, string user = "u-1", params (string, string)[] headers) =>
        shop.GetAsync("/v2/client/offers" + query, user, null, [Agent(Desktop), .. headers]);

    /// <summary>The ids in a list, of this test's offers only (the fixture's server is shared by the class's tests).</summary>
    private long[] Ids(ClientAnswer answer, string list = "offers")
    {
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        return [.. answer.Data[list]!.AsArray().Select(o => (long)o!["id"]!).Where(_mine.Contains)];
    }

    private readonly HashSet<long> _mine = [];

    private static JsonObject Offer(ClientAnswer answer, long id, string list = "offers") =>
        answer.Data[list]!.AsArray().Select(o => o!.AsObject()).Single(o => (long)o["id"]! == id);

    private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>A GET of a link as a browser opens it: no client API headers, no redirect followed.</summary>
    private async Task<(HttpStatusCode Status, string? Location, string Body, HttpResponseMessage Response)> OpenAsync(string url, params (string, string)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", Desktop);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        var response = await app.Client.SendAsync(request);
        return (response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task OffersAndEventsHaveBitLabsKeysAndTypes()
    {
        var (shop, id, offer) = await OfferAsync(app, new()
        {
            ["categories"] = new[] { "Game", "Android" }, ["things_to_know"] = new[] { "New users only", "Reach level 5" }, ["disclaimer"] = "Once per user.",
            ["product_id"] = "com.example.game", ["icon_url"] = "https://cdn.example/i.png", ["contact_url"] = "https://support.example/",
            ["confirmation_time"] = "Up to 24 hours", ["time_limit_hours"] = 72,
        });

        var list = await V2(shop, "");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(["offers", "started_offers"], SeedKeys.Of(list.Data));
        var o = Offer(list, id);
        Assert.Equal(OfferKeys, SeedKeys.Of(o));
        Assert.Equal(JsonValueKind.Number, Kind(o["id"]));
        Assert.Equal(id, o["id"]!.GetValue<long>());
        foreach (var key in new[] { "anchor", "description", "requirements", "confirmation_time", "click_url", "support_url", "icon_url", "impression_url",
                     "total_points", "disclaimer", "epc" })
            Assert.True(Kind(o[key]) == JsonValueKind.String, key);
        Assert.Equal(JsonValueKind.Null, Kind(o["total_points_promotional"]));   // no promotion runs
        Assert.Equal(JsonValueKind.False, Kind(o["is_sticky"]));
        Assert.Equal("[\"Game\",\"Android\"]", o["categories"]!.ToJsonString());
        Assert.Equal("[\"New users only\",\"Reach level 5\"]", o["things_to_know"]!.ToJsonString());
        Assert.Equal("300.00", (string?)o["total_points"]);
        Assert.Equal("https://support.example/", (string?)o["support_url"]);
        Assert.Equal("{\"icon\":\"https://cdn.example/i.png\",\"images\":{}}", o["creatives"]!.ToJsonString());
        Assert.Equal("{\"app_id\":\"com.example.game\",\"categories\":[],\"screenshot_urls\":[],\"video_urls\":[]}", o["app_metadata"]!.ToJsonString());
        Assert.StartsWith($"http://localhost/v2/client/offers/{id}/click?token=", (string?)o["click_url"]);
        Assert.StartsWith($"http://localhost/v2/client/offers/{id}/impression?token=", (string?)o["impression_url"]);

        // An icon this server serves (a path from its root, as the demo's) is given absolute, as BitLabs' icon_url is.
        var (_, servedId, _) = await OfferAsync(app, new() { ["icon_url"] = "/wall/icons/x.svg" }, shop);
        var served = Offer(await V2(shop, ""), servedId);
        Assert.Equal(("http://localhost/wall/icons/x.svg", "http://localhost/wall/icons/x.svg"), ((string?)served["icon_url"], (string?)served["creatives"]!["icon"]));

        var events = o["events"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.All(events, e => Assert.Equal(EventKeys, SeedKeys.Of(e)));
        foreach (var e in events)
        {
            foreach (var key in new[] { "uuid", "name", "type", "display_type", "points", "payout", "status" })
                Assert.True(Kind(e[key]) == JsonValueKind.String, key);
            foreach (var key in new[] { "type_id", "ttc_minutes", "expires_at" })
                Assert.True(Kind(e[key]) == JsonValueKind.Number, key);
            Assert.Equal(JsonValueKind.Null, Kind(e["promotional_points"]));
        }
        Assert.Equal([offer[0].UuidText, offer[1].UuidText, offer[2].UuidText], events.Select(e => (string)e["uuid"]!));
        Assert.Equal(["flat", "flat", "dynamic"], events.Select(e => (string)e["type"]!));
        Assert.Equal([false, true, true], events.Select(e => (bool)e["payable"]!));
        Assert.Equal(["0", "200.00", "100.00"], events.Select(e => (string)e["points"]!));
        Assert.Equal(["0.00", "2.00", "1.00"], events.Select(e => (string)e["payout"]!));
        Assert.Equal(["none", "commission", "none"], events.Select(e => (string)e["display_type"]!));
        Assert.Equal("9.99", (string?)events[1]["commission_amount"]);
        Assert.Null(events[0]["commission_amount"]);
        Assert.Equal([1, 0, 4], events.Select(e => (int)e["type_id"]!));
        Assert.Equal([72 * 60, 24 * 60, 72 * 60], events.Select(e => (int)e["ttc_minutes"]!));   // the goal's time limit, or else the offer's
        Assert.All(events, e => Assert.Equal(0, (long)e["expires_at"]!));                        // no click yet
        Assert.All(events, e => Assert.Equal("viewed", (string?)e["status"]));
        Assert.Null(events[0]["time_played"]);
        Assert.Equal("{\"goal_unit\":\"minutes\",\"goal_unit_count\":30}", JsonSerializer.Serialize(new
        {
            goal_unit = (string?)events[2]["time_played"]!["goal_unit"], goal_unit_count = (int)events[2]["time_played"]!["goal_unit_count"]!,
        }));
        Assert.Equal(JsonValueKind.Number, Kind(events[2]["time_played"]!["id"]));
        Assert.Equal([false, false, true], events.Select(e => (bool)e["multiple_conversions_allowed"]!));
        Assert.Null(events[0]["multiple_conversions_rules"]);
        Assert.Equal("{\"rule_type\":\"unlimited\"}", events[2]["multiple_conversions_rules"]!.ToJsonString());

        // Started: the offer moves to started_offers, with each event's deadline as a Unix time and its status.
        var started = app.UtcNow;
        var tx = await shop.StartAsync(offer.Id, "u-1");
        await shop.PostbackAsync(tx, offer[0].PublicId);
        list = await V2(shop, "");
        Assert.DoesNotContain(id, Ids(list));
        var mine = Offer(list, id, "started_offers");
        Assert.Equal(OfferKeys, SeedKeys.Of(mine));
        var deadline = new DateTimeOffset(started).ToUnixTimeSeconds();
        Assert.Equal([deadline + 72 * 3600, deadline + 24 * 3600, deadline + 72 * 3600], mine["events"]!.AsArray().Select(e => (long)e!["expires_at"]!));
        Assert.Equal(["completed", "viewed", "viewed"], mine["events"]!.AsArray().Select(e => (string)e!["status"]!));

        // A promotion fills the promotional amounts, as strings.
        await shop.PromoteAsync(offer.Id, 2m, 0m, app.UtcNow.AddMinutes(1), app.UtcNow.AddDays(1));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        mine = Offer(await V2(shop, ""), id, "started_offers");
        Assert.Equal("600.00", (string?)mine["total_points_promotional"]);
        Assert.Equal([null, "400.00", "200.00"], mine["events"]!.AsArray().Select(e => (string?)e!["promotional_points"]));
    }

    [Fact]
    public async Task IsGameLimitAndInAppScopeTheList()
    {
        var shop = await Shop.CreateAsync(app);
        var game = (await OfferAsync(app, new() { ["is_game"] = true }, shop)).Id;
        var app2 = (await OfferAsync(app, new() { ["is_game"] = false }, shop)).Id;
        var third = (await OfferAsync(app, new() { ["is_game"] = false }, shop)).Id;

        Assert.Equal([game, app2, third], Ids(await V2(shop, "")));
        Assert.Equal([game], Ids(await V2(shop, "?is_game=true")));
        Assert.Equal([app2, third], Ids(await V2(shop, "?is_game=false")));
        // limit: the first offers in id order (the fixture's server holds other tests' offers too, listed before these).
        static int Count(ClientAnswer answer) => answer.Data["offers"]!.AsArray().Count;
        Assert.Equal(2, Count(await V2(shop, "?limit=2")));
        Assert.True(Count(await V2(shop, "")) > 2);
        var oneApp = (await V2(shop, "?is_game=false&limit=1")).Data["offers"]!.AsArray();
        Assert.Single(oneApp);
        Assert.False(await app.WithDb(db => db.Offers.Where(o => o.Id == (long)oneApp[0]!["id"]!).Select(o => o.IsGame).SingleAsync()));
        Assert.Equal([game, app2, third], Ids(await V2(shop, "?in_app=true")));
        Assert.Equal([game, app2, third], Ids(await V2(shop, "?in_app=false&is_game=")));

        // limit counts offers, not started ones.
        await shop.StartAsync((await app.WithDb(db => db.Offers.SingleAsync(o => o.Id == game))).PublicId, "u-1");
        var limited = await V2(shop, "?limit=1");
        Assert.Equal(1, Count(limited));
        Assert.Equal([game], Ids(limited, "started_offers"));

        foreach (var (query, message) in new[]
                 {
                     ("?is_game=yes", "is_game must be true or false"), ("?in_app=2", "in_app must be true or false"),
                     ("?limit=0", "limit must be an integer from 1 to 10000"), ("?limit=abc", "limit must be an integer from 1 to 10000"),
                     ("?limit=-1", "limit must be an integer from 1 to 10000"), ("?limit=10001", "limit must be an integer from 1 to 10000"),
                 })
        {
            var bad = await V2(shop, query);
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.Equal(message, bad.ErrorMessage);
            Assert.Equal("400 Bad Request", (string?)bad.Body["error"]!["details"]!["http"]);
        }
    }

    [Fact]
    public async Task OfferIdsKeepOnlyThoseOffersAndMalformedIdsAnswer400()
    {
        var shop = await Shop.CreateAsync(app);
        var a = await OfferAsync(app, new() { ["is_game"] = true }, shop);
        var b = (await OfferAsync(app, new() { ["is_game"] = false }, shop)).Id;
        var c = (await OfferAsync(app, null, shop)).Id;
        await shop.StartAsync(a.Offer.Id, "u-1");

        var only = await V2(shop, $"?offer_ids={b},{a.Id}");
        Assert.Equal([b], Ids(only));
        Assert.Equal([a.Id], Ids(only, "started_offers"));
        // is_game and limit are ignored with offer_ids, as BitLabs documents; duplicates and spaces are fine; unknown ids are left out.
        Assert.Equal([b, c], Ids(await V2(shop, $"?offer_ids={c},%20{b},{c},999999999&is_game=true&limit=1")));

        foreach (var ids in new[] { "", "1,x", "1,,2", "-1", "0", "1.5", "abc", "99999999999999999999", " ", "1;2" })
        {
            var bad = await V2(shop, "?offer_ids=" + Uri.EscapeDataString(ids));
            Assert.True(bad.Status == HttpStatusCode.BadRequest, ids + ": " + bad.Text);
            Assert.Equal("offer_ids must be a comma-separated list of offer ids (positive integers)", bad.ErrorMessage);
        }
    }

    [Fact]
    public async Task DevicesAndClientUserAgentDecideTheUsersDevices()
    {
        var shop = await Shop.CreateAsync(app);
        var ios = (await OfferAsync(app, new() { ["platforms"] = new[] { "ios" } }, shop)).Id;
        var android = (await OfferAsync(app, new() { ["platforms"] = new[] { "android" } }, shop)).Id;
        var web = (await OfferAsync(app, new() { ["platforms"] = new[] { "web" } }, shop)).Id;

        Assert.Equal([web], Ids(await V2(shop, "")));                                         // a desktop browser
        Assert.Equal([ios, web], Ids(await V2(shop, "?devices[]=iphone")));                  // BitLabs' spelling
        Assert.Equal([ios, android, web], Ids(await V2(shop, "?devices[]=ipad&devices[]=android")));
        Assert.Equal([android, web], Ids(await V2(shop, "?devices=android")));              // ours
        // client_user_agent: the user's device when the partner's server asks (its own User-Agent is the desktop one here).
        Assert.Equal([android], Ids(await V2(shop, "?client_user_agent=" + Uri.EscapeDataString(AndroidPhone))));

        var bad = await V2(shop, "?devices[]=blackberry");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("devices must each be iphone, ipad or android", bad.ErrorMessage);
        bad = await V2(shop, "?client_user_agent=" + Uri.EscapeDataString("a\u0001b"));
        Assert.Equal("client_user_agent must be at most 1024 printable characters", bad.ErrorMessage);
        bad = await V2(shop, "?client_user_agent=" + new string('a', 1025));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);

        // The click link carries the devices, so opening it on the desktop starts the iOS offer the list showed.
        var link = (string)Offer(await V2(shop, "?devices[]=iphone"), ios)["click_url"]!;
        Assert.Contains("devices=iphone", link);
        var (status, location, body, _) = await OpenAsync(link);
        Assert.True(status == HttpStatusCode.Found, body);
        Assert.StartsWith("https://track.example/c?tx=", location);
    }

    [Fact]
    public async Task ClientIpIsCheckedAndDecidesNothingUnlessTheOperatorTrustsIt()
    {
        var shop = await Shop.CreateAsync(app);
        var fr = (await OfferAsync(app, new() { ["countries"] = new[] { "FR" } }, shop)).Id;
        var br = (await OfferAsync(app, new() { ["countries"] = new[] { "BR" } }, shop)).Id;

        // The request's own address decides (Brazil), whatever client_ip says (France): the app token is public, a user could pick any country.
        Assert.Equal([br], Ids(await V2(shop, "?client_ip=" + GeoWorld.FranceV4, "u-1", From(GeoWorld.BrazilV4))));
        Assert.Equal([br], Ids(await V2(shop, "?client_ip=" + Uri.EscapeDataString(GeoWorld.FranceV6), "u-1", From(GeoWorld.BrazilV4))));
        Assert.Equal([fr], Ids(await V2(shop, "", "u-1", From(GeoWorld.FranceV4))));
        foreach (var ip in new[] { "1.2.3", "example.com", "300.1.1.1", "1.2.3.4:80" })
        {
            var bad = await V2(shop, "?client_ip=" + Uri.EscapeDataString(ip));
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.Equal("client_ip must be an IPv4 or IPv6 address", bad.ErrorMessage);
        }
    }

    [Fact]
    public async Task TagsAreCheckedAndCarriedNormalizedOnTheClickLink()
    {
        var (shop, id, _) = await OfferAsync(app);
        var tags = Uri.EscapeDataString("Campaign=Spring Sale&placement_2= top ");
        var link = (string)Offer(await V2(shop, "?tags=" + tags), id)["click_url"]!;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link).Query);
        Assert.Equal("campaign=spring%20sale&placement_2=top", (string?)query["tags"]);
        Assert.Equal(shop.AppToken, (string?)query["token"]);
        Assert.Equal("u-1", (string?)query["uid"]);
        Assert.Equal(HttpStatusCode.Found, (await OpenAsync(link + "&sub_id=Placement-7")).Status);
        // The click keeps them (and the sub_id the app added to the link), for the partner's postbacks' {tags} and {sub_id}.
        var click = await app.WithDb(db => db.Clicks.SingleAsync(c => c.PartnerId == shop.PartnerId));
        Assert.Equal(("Placement-7", "campaign=spring%20sale&placement_2=top"), (click.SubId, click.Tags));

        var eleven = string.Join('&', Enumerable.Range(0, 11).Select(i => $"k{i}=v"));
        const string BadKey = "a tag's key must be 1 to 50 letters, digits or underscores";
        foreach (var (bad, message) in new[]
                 {
                     ("bad-key=1", BadKey), ("=v", BadKey), (new string('k', 51) + "=v", BadKey),
                     ("k=" + new string('v', 51), "a tag's value must be at most 50 printable characters"), (eleven, "at most 10 tags"),
                     ("k=%ZZ", "tags must be URL-encoded"), ("novalue", "tags must be key=value pairs joined by &"),
                 })
        {
            var answer = await V2(shop, "?tags=" + Uri.EscapeDataString(bad));
            Assert.True(answer.Status == HttpStatusCode.BadRequest, bad + ": " + answer.Text);
            Assert.Equal(message, answer.ErrorMessage);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await OpenAsync(link.Replace("tags=", "tags=bad-key%3D1%26", StringComparison.Ordinal))).Status);
    }

    [Fact]
    public async Task ClickUrlRecordsTheClickAndRedirectsToTheTrackingLink()
    {
        var (shop, id, offer) = await OfferAsync(app);
        var v2 = Offer(await V2(shop, "", "Player-1"), id);
        var (status, location, body, response) = await OpenAsync((string)v2["click_url"]!);
        Assert.True(status == HttpStatusCode.Found, body);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var click = await app.WithDb(db => db.Clicks.SingleAsync(c => c.PartnerId == shop.PartnerId));
        Assert.Equal($"https://track.example/c?tx={click.TxId}&u=Player-1&p={shop.PartnerId}&o={offer.Id}", location);
        Assert.Equal(Desktop, click.UserAgent);

        // Opening it again continues the same click, and the POST start agrees; the list shows the offer as started.
        Assert.Equal(location, (await OpenAsync((string)v2["click_url"]!)).Location);
        Assert.Equal(click.TxId, await shop.StartAsync(offer.Id, "player-1"));
        Assert.Equal([id], Ids(await V2(shop, "", "PLAYER-1"), "started_offers"));
        Assert.Equal(1, (await shop.FootprintAsync()).Clicks);

        // The impression link is acknowledged, and counts nothing.
        var impression = await OpenAsync((string)v2["impression_url"]!);
        Assert.Equal(HttpStatusCode.NoContent, impression.Status);
    }

    [Fact]
    public async Task ClickUrlRefusesWhatThePostStartRefusesAndWritesNothing()
    {
        var shop = await Shop.CreateAsync(app);
        var open = await OfferAsync(app, null, shop);
        var link = (string)Offer(await V2(shop, ""), open.Id)["click_url"]!;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link).Query);
        string Link(long id, string? token = null, string? uid = null) =>
            $"/v2/client/offers/{id}/click?token={Uri.EscapeDataString(token ?? (string)query["token"]!)}&uid={Uri.EscapeDataString(uid ?? "u-1")}";

        async Task Refused(string url, HttpStatusCode status, string message, params (string, string)[] headers)
        {
            var answer = await OpenAsync(url, headers);
            Assert.True(answer.Status == status, url + ": " + answer.Body);
            Assert.Null(answer.Location);
            Assert.Equal(message, (string?)JsonNode.Parse(answer.Body)!["error"]!["details"]!["msg"]);
        }

        await Refused(Link(open.Id, token: "nope"), HttpStatusCode.Unauthorized, "invalid api token");
        await Refused($"/v2/client/offers/{open.Id}/click?uid=u-1", HttpStatusCode.Unauthorized, "invalid api token");
        await Refused($"/v2/client/offers/{open.Id}/click?token={shop.AppToken}", HttpStatusCode.BadRequest, "uid must be 1 to 50 printable characters");
        await Refused(Link(open.Id, uid: new string('u', 51)), HttpStatusCode.BadRequest, "uid must be 1 to 50 printable characters");
        // The headers are not read on a link: a browser sends none, and a forged header must not stand in for the query.
        await Refused($"/v2/client/offers/{open.Id}/click", HttpStatusCode.Unauthorized, "invalid api token", ("X-Api-Token", shop.AppToken), ("X-User-Id", "u-1"));
        await Refused(Link(999_999_999), HttpStatusCode.NotFound, "offer not found");
        await Refused($"/v2/client/offers/{open.Offer.Id}/click?token={shop.AppToken}&uid=u-1", HttpStatusCode.NotFound, "offer not found");
        await Refused(Link(open.Id) + "&gaid=not-a-uuid", HttpStatusCode.BadRequest, "gaid must be a UUID");

        // Targeting: an iOS offer from a desktop browser.
        var ios = await OfferAsync(app, new() { ["platforms"] = new[] { "ios" } }, shop);
        await Refused(Link(ios.Id), HttpStatusCode.Forbidden, "offer not available on your device");
        // Paused by the operator.
        var paused = await OfferAsync(app, null, shop);
        await Market.AdminAsync(app, $"/admin/offers/{paused.Offer.Id}/pause");
        await Refused(Link(paused.Id), HttpStatusCode.Forbidden, "offer is not running");
        // A blocked user (known: they started another offer before).
        await shop.StartAsync((await OfferAsync(app, null, shop)).Offer.Id, "blocked-1");
        await Market.AdminAsync(app, $"/admin/partners/{shop.PartnerId}/users/blocked-1/block", new { reason = "test" });
        await Refused(Link(open.Id, uid: "Blocked-1"), HttpStatusCode.Forbidden, "user is blocked");
        // Another partner's app token starts for that partner's user only: a link never crosses partners.
        var other = await shop.OtherPartnerAsync();
        var crossed = await OpenAsync(Link(open.Id, token: other.AppToken, uid: "u-1"));
        Assert.Equal(HttpStatusCode.Found, crossed.Status);
        Assert.Contains($"&p={other.PartnerId}&", crossed.Location);
        Assert.Equal((1, 1), await shop.FootprintAsync());   // only blocked-1's own earlier start
        // A suspended partner.
        await Market.AdminAsync(app, $"/admin/partners/{shop.PartnerId}/suspend", new { reason = "test" });
        await Refused(Link(open.Id), HttpStatusCode.Forbidden, "partner suspended");
        await Refused($"/v2/client/offers/{open.Id}/impression?token={shop.AppToken}&uid=u-1", HttpStatusCode.Forbidden, "partner suspended");
        Assert.Equal((1, 1), await shop.FootprintAsync());
    }

    [Fact]
    public async Task DetailsTakeTheIntegerIdAsWellAsThePublicId()
    {
        var (shop, id, offer) = await OfferAsync(app);
        await shop.StartAsync(offer.Id, "u-1");
        var byPublic = await shop.DetailsAsync(offer.Id, "u-1");
        var byInteger = await shop.DetailsAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), "u-1");
        Assert.Equal(HttpStatusCode.OK, byInteger.Status);
        Assert.Equal(byPublic.Data.ToJsonString(), byInteger.Data.ToJsonString());
        Assert.Equal(offer.Id, (string?)byInteger.Data["offer_id"]);
        Assert.Equal(HttpStatusCode.NotFound, (await shop.DetailsAsync("999999999", "u-1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await shop.DetailsAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), "someone-else")).Status);
    }

    [Fact]
    public async Task HistoryHasBitLabsItemsNewestFirstWithFilter()
    {
        var shop = await Shop.CreateAsync(app, ratio: 100m, surveys: true);
        var game = await OfferAsync(app, new() { ["time_limit_hours"] = 2, ["contact_url"] = "https://support.example/a", ["icon_url"] = "https://cdn.example/a.png" }, shop);
        var idle = await OfferAsync(app, new() { ["time_limit_hours"] = 1 }, shop);
        var survey = await OfferAsync(app, new() { ["type"] = "survey" }, shop);
        var other = await OfferAsync(app, null, shop);
        Assert.Empty((await shop.GetAsync("/v1/client/user/history", "h")).Data.AsArray());

        var t0 = app.UtcNow;
        var tx = await shop.StartAsync(game.Offer.Id, "h");
        await shop.StartAsync(idle.Offer.Id, "h");
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var installed = await shop.PostbackAsync(tx, game.Offer[0].PublicId);                  // pays nothing, no hold: approved
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var spent = await shop.PostbackAsync(tx, game.Offer[1].PublicId);                      // held 48 hours: pending
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var played = await shop.PostbackAsync(tx, game.Offer[2].PublicId, ("event_id", "p-1")); // approved
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await shop.StartAsync(survey.Offer.Id, "h");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var otherTx = await shop.StartAsync(other.Offer.Id, "h");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var rejected = await shop.PostbackAsync(otherTx, other.Offer[1].PublicId);
        await shop.MoveAsync(rejected, "cancel");

        var history = (await shop.GetAsync("/v1/client/user/history", "h")).Data.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.All(history, e => Assert.Equal(HistoryKeys, SeedKeys.Of(e)));
        Assert.Equal(["SCREENOUT", "OPEN", "COMPLETE", "COMPLETE", "COMPLETE", "OPEN"], history.Select(e => (string)e["type"]!));
        Assert.Equal([other.Id, survey.Id, game.Id, game.Id, game.Id, idle.Id], history.Select(e => (long)e["survey_id"]!));
        Assert.Equal([rejected, null, played, spent, installed, null], history.Select(e => (long?)e["tx_id"]));
        Assert.All(history, e => Assert.Equal(JsonValueKind.Number, Kind(e["survey_id"])));
        var complete = history[3];
        Assert.Equal("{\"category\":{\"name\":\"Client Game\",\"icon_url\":\"https://cdn.example/a.png\",\"name_internal\":\"" + game.Offer.Id
                     + "\"},\"network\":{\"name\":\"Spend\",\"icon_url\":\"\"}}", complete["details"]!.ToJsonString());
        Assert.Equal("200.00", (string?)complete["user_value"]);
        Assert.Null(complete["rating"]);
        Assert.Equal(t0.AddMinutes(15).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), (string?)complete["created_at"]);
        Assert.Equal("900", (string?)complete["duration"]);
        Assert.False((bool)complete["reconciled"]!);
        Assert.Equal(48 * 3600 - 8 * 60, (int)complete["callback_delay_seconds"]!);      // pending until its hold ends
        Assert.Equal("https://support.example/a", (string?)complete["support_form_url"]);
        Assert.Equal(0, (int)history[4]["callback_delay_seconds"]!);                     // decided
        Assert.Equal("0.00", (string?)history[4]["user_value"]);                           // the install pays nothing
        Assert.Equal("100.00", (string?)history[2]["user_value"]);
        var screenout = history[0];
        Assert.Equal("0.00", (string?)screenout["user_value"]);
        Assert.Equal("60", (string?)screenout["duration"]);
        Assert.Equal(0, (int)screenout["callback_delay_seconds"]!);
        var open = history[1];
        Assert.Equal("{\"name\":\"\",\"icon_url\":\"\"}", open["details"]!["network"]!.ToJsonString());
        Assert.Null(open["user_value"]);
        Assert.Null(open["duration"]);
        Assert.Null(open["callback_delay_seconds"]);
        Assert.False((bool)open["reconciled"]!);

        // A reversal marks the completion reconciled; a started offer whose time limit passed without a conversion is left.
        await shop.MoveAsync(played, "reverse");
        app.Clock.Advance(TimeSpan.FromHours(1));
        history = [.. (await shop.GetAsync("/v1/client/user/history", "h")).Data.AsArray().Select(e => e!.AsObject())];
        Assert.True((bool)history.Single(e => (long?)e["tx_id"] == played)["reconciled"]!);
        Assert.Equal("COMPLETE", (string?)history.Single(e => (long?)e["tx_id"] == played)["type"]);
        var left = history.Single(e => (long)e["survey_id"]! == idle.Id);
        Assert.Equal("LEAVE", (string?)left["type"]);
        Assert.Equal("3600", (string?)left["duration"]);
        Assert.Equal("OPEN", (string?)history.Single(e => (long)e["survey_id"]! == survey.Id)["type"]);   // no time limit

        // filter
        async Task<long[]> Offers(string query)
        {
            var answer = await shop.GetAsync("/v1/client/user/history" + query, "h");
            Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
            return [.. answer.Data.AsArray().Select(e => (long)e!["survey_id"]!).Distinct()];
        }
        Assert.Equal([survey.Id], await Offers("?filter=surveys"));
        Assert.Equal([other.Id, game.Id, idle.Id], await Offers("?filter=offers"));
        Assert.Equal([other.Id, survey.Id, game.Id, idle.Id], await Offers("?filter=surveys,offers"));
        Assert.Equal([other.Id, survey.Id, game.Id, idle.Id], await Offers("?filter[]=offers&filter[]=SURVEYS"));
        Assert.Equal([other.Id, survey.Id, game.Id, idle.Id], await Offers("?filter=offers&filter=surveys"));
        Assert.Empty(await Offers("?filter=magic_receipts,others"));
        Assert.Equal([other.Id, survey.Id, game.Id, idle.Id], await Offers("?filter="));
        foreach (var bad in new[] { "?filter=games", "?filter=offers,x", "?filter[]=all" })
        {
            var answer = await shop.GetAsync("/v1/client/user/history" + bad, "h");
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal("filter must each be surveys, offers, magic_receipts or others", answer.ErrorMessage);
        }
    }
}
