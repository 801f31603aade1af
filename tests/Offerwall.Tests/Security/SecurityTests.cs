using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Tests.Infrastructure;
using Offerwall.Data;

namespace Offerwall.Tests.Security;

/// <summary>
/// No one let in: two partners never see, replay or test each other's conversions, deliveries,
/// summaries or settings (every partner endpoint, checked against the route table); the client API
/// keeps each app's users apart; admin endpoints refuse partner keys and app tokens before reading
/// a body; keys and secrets never reach the log; a wrong key answers the same whatever its length;
/// the pages keep their security headers on every answer.
/// </summary>
/// <remarks>
/// Where secrets are compared in constant time (a test cannot measure timing reliably, so these are
/// named here and the tests check that every wrong value gets the same answer):
/// <list type="bullet">
/// <item>Partner server keys (<c>Partners/PartnerAuth.cs</c>): the key is hashed (SHA-256) and the
/// partner found by that hash with an indexed lookup, whose timing depends on the hash, not on how much
/// of the key is right; then <c>PartnerKeys.Matches</c> compares the hashes with
/// <c>CryptographicOperations.FixedTimeEquals</c>.</item>
/// <item>The admin token (<c>Admin/AdminAuth.cs</c>): both sides hashed to 32 bytes, then
/// <c>FixedTimeEquals</c>, so even the token's length does not show.</item>
/// <item>Advertiser signatures (<c>Conversions/AdvertiserSignature.cs</c>): the expected and the given
/// 64-hex HMACs compared with <c>FixedTimeEquals</c> (any other length is refused at once: the length is public).</item>
/// <item>App tokens are public (they ship inside apps and the wall's URL), so the client API looks them
/// up by plain equality; partner postback signatures are checked by partners (docs/postbacks.md shows
/// <c>FixedTimeEquals</c>).</item>
/// </list>
/// </remarks>
public abstract class SecurityTests(AppFixture app, LogRecorder logs) : IAsyncLifetime
{
    private PostbackSink _sink = null!;

    public async ValueTask InitializeAsync() => _sink = await PostbackSink.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _sink.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private sealed record Answer(HttpStatusCode Status, string Text, string ContentType)
    {
        public JsonNode Json => JsonNode.Parse(Text)!;
    }

    private async Task<Answer> SendAsync(HttpMethod method, string path, IEnumerable<(string Name, string Value)>? headers = null, HttpContent? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        foreach (var (name, value) in headers ?? []) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await app.Client.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType ?? "");
    }

    private static (string, string)[] Key(string key) => [("Authorization", "Bearer " + key)];
    private static (string, string)[] Token(string token, string user = "shared-user") => [("X-Api-Token", token), ("X-User-Id", user)];

    /// <summary>Two partners, A and B, each with a user of the same id, a paid conversion and its delivered postback (to /a and /b of the sink).</summary>
    private async Task<(Market A, Market B, long TxA, long TxB, long OnlyB)> TwoPartnersAsync()
    {
        var a = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/a?tx={transaction_id}&user={user_id}");
        var b = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/b?tx={transaction_id}&user={user_id}");
        await app.WithDb(async db =>
        {
            await db.Partners.Where(p => p.Id == a.PartnerId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "Partner A"));
            return await db.Partners.Where(p => p.Id == b.PartnerId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "Partner B"));
        });
        var txA = (long)(await a.PostbackAsync(await a.StartAsync("shared-user"), a.Install)).Body["transaction_id"]!;
        var txB = (long)(await b.PostbackAsync(await b.StartAsync("shared-user"), b.Install)).Body["transaction_id"]!;
        var onlyB = (long)(await b.PostbackAsync(await b.StartAsync("b-only"), b.Install)).Body["transaction_id"]!;
        await PostbackSink.WaitUntilAsync(() => app.WithDb(db => db.PostbackDeliveries
            .Where(d => d.PartnerId == a.PartnerId || d.PartnerId == b.PartnerId).AllAsync(d => d.Status == DeliveryStatus.Delivered)), "both partners' postbacks");
        return (a, b, txA, txB, onlyB);
    }

    private Task<List<PostbackDelivery>> DeliveriesAsync(long partnerId) =>
        app.WithDb(db => db.PostbackDeliveries.AsNoTracking().Where(d => d.PartnerId == partnerId).OrderBy(d => d.Id).ToListAsync());

    /// <summary>"GET /data/partner/conversions": every route of the server, as method and pattern.</summary>
    private IEnumerable<(string Name, RouteEndpoint Endpoint)> RoutesUnder(string prefix) =>
        app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Path: "/" + (e.RoutePattern.RawText ?? "").Trim('/'), Endpoint: e))
            .Where(e => e.Path.StartsWith(prefix, StringComparison.Ordinal))
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => ($"{m} {e.Path}", e.Endpoint)));

    [Fact]
    public async Task EveryPartnerEndpointShowsAPartnerOnlyItsOwnData()
    {
        var (a, b, txA, txB, onlyB) = await TwoPartnersAsync();
        var covered = new HashSet<string>();
        async Task<Answer> AsA(string method, string route, string query = "", long? id = null)
        {
            covered.Add($"{method} {route}");
            var path = route.Replace("{id:long}", id?.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) + query;
            return await SendAsync(new HttpMethod(method), path, Key(a.ServerKey));
        }
        const string Range = "?from_date=2026-11-01&to_date=2026-11-30";
        var deliveryA = Assert.Single(await DeliveriesAsync(a.PartnerId));
        var deliveryB = (await DeliveriesAsync(b.PartnerId))[0];

        // The Data API: A's rows only, and B's users and offers are unknown to A.
        var rows = (await AsA("GET", "/data/partner/conversions", Range)).Json["data"]!.AsArray();
        Assert.Equal([txA], rows.Select(r => (long)r!["transaction_id"]!));
        Assert.Empty((await AsA("GET", "/data/partner/conversions", Range + "&user_id=b-only")).Json["data"]!.AsArray());
        Assert.Empty((await AsA("GET", "/data/partner/conversions", Range + "&offer_id=" + b.OfferId)).Json["data"]!.AsArray());
        Assert.Equal([txA], (await AsA("GET", "/data/partner/conversions", Range + "&user_id=SHARED-USER")).Json["data"]!.AsArray().Select(r => (long)r!["transaction_id"]!));

        // The summary adds up A's rows only.
        Assert.Equal(1, (int)(await AsA("GET", "/data/partner/summary", "?from_date=2026-11-20&to_date=2026-11-26")).Json["totals"]!["conversions"]!);
        Assert.Equal(0, (int)(await AsA("GET", "/data/partner/summary", "?from_date=2026-11-20&to_date=2026-11-26&user_id=b-only")).Json["totals"]!["conversions"]!);
        Assert.Equal(0, (int)(await AsA("GET", "/data/partner/summary", $"?from_date=2026-11-20&to_date=2026-11-26&offer_id={b.OfferId}")).Json["totals"]!["conversions"]!);

        // The reports count A's rows only, whatever the grouping; B's offer as a filter finds nothing of B's.
        const string Week = "?from_date=2026-11-20&to_date=2026-11-26";
        var report = (await AsA("GET", "/data/partner/reports", Week + "&group_by=offer,country")).Json;
        Assert.Equal(1, (int)report["totals"]!["approved"]!);
        Assert.Equal(1, report["rows"]!.AsArray().Sum(r => (int)r!["approved"]!));
        Assert.Equal(0, (int)(await AsA("GET", "/data/partner/reports", Week + $"&offer_id={b.OfferId}")).Json["totals"]!["approved"]!);
        var csv = (await AsA("GET", "/data/partner/reports/export.csv", Week + "&group_by=day")).Text;
        Assert.StartsWith("day,clicks,approved,", csv);
        Assert.Contains("\r\ntotal,", csv);

        // A's settings, and no key or secret of anyone's.
        var me = await AsA("GET", "/data/partner/me");
        Assert.Equal("Partner A", (string?)me.Json["name"]);
        Assert.StartsWith(_sink.Url + "/a?", (string?)me.Json["postback_url"]);
        foreach (var secret in new[] { a.ServerKey, a.PostbackSecret, a.Secret, b.ServerKey, b.PostbackSecret, b.AppToken, "Partner B" })
            Assert.DoesNotContain(secret, me.Text);

        // The postback log: A's deliveries; B's ids answer 404 and stay as they are.
        var log = (await AsA("GET", "/data/partner/postbacks")).Json;
        Assert.Equal([deliveryA.Id], log["data"]!.AsArray().Select(d => (long)d!["id"]!));
        Assert.Empty((await AsA("GET", "/data/partner/postbacks", $"?transaction_id={txB}")).Json["data"]!.AsArray());
        Assert.Equal(txA, (long)(await AsA("GET", "/data/partner/postbacks/{id:long}", id: deliveryA.Id)).Json["delivery"]!["transaction_id"]!);
        var notFound = await AsA("GET", "/data/partner/postbacks/{id:long}", id: deliveryB.Id);
        Assert.Equal(HttpStatusCode.NotFound, notFound.Status);
        Assert.Equal("""{"message":"Not found."}""", notFound.Text);

        // Replays: B's delivery (made dead, so a wrongful replay would show) answers 404 to A and stays dead;
        // A's own is sent again; "replay every dead one" replays A's only.
        Task Kill(long partnerId) => app.WithDb(db => db.PostbackDeliveries.Where(d => d.PartnerId == partnerId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Dead)));
        Task Delivered(long partnerId) => PostbackSink.WaitUntilAsync(async () => (await DeliveriesAsync(partnerId)).All(d => d.Status == DeliveryStatus.Delivered), "delivered");
        await Kill(b.PartnerId);
        var replayB = await AsA("POST", "/data/partner/postbacks/{id:long}/replay", id: deliveryB.Id);
        Assert.Equal(HttpStatusCode.NotFound, replayB.Status);
        Assert.Equal("""{"message":"Not found."}""", replayB.Text);
        Assert.All(await DeliveriesAsync(b.PartnerId), d => Assert.Equal(DeliveryStatus.Dead, d.Status));
        var sentBefore = _sink.Requests.Count;
        Assert.Equal(HttpStatusCode.OK, (await AsA("POST", "/data/partner/postbacks/{id:long}/replay", id: deliveryA.Id)).Status);
        await Delivered(a.PartnerId);
        await Kill(a.PartnerId);
        Assert.Equal(1, (int)(await AsA("POST", "/data/partner/postbacks/replay")).Json["replayed"]!);   // A's one dead delivery, none of B's two
        await Delivered(a.PartnerId);
        Assert.All(await DeliveriesAsync(b.PartnerId), d => Assert.Equal(DeliveryStatus.Dead, d.Status));
        Assert.All(_sink.Requests.Skip(sentBefore), r => Assert.Equal("/a", new Uri(r.Url).AbsolutePath));

        // A test postback (transaction_id 0) goes to A's URL, signed with A's secret.
        var before = _sink.Requests.Count;
        var test = (await AsA("POST", "/data/partner/postbacks/test")).Json;
        Assert.True((bool)test["success"]!);
        var sent = Assert.Single(_sink.Requests.Skip(before));
        Assert.Equal(("/a", "0"), (new Uri(sent.Url).AbsolutePath, sent.Query["tx"]));
        var at = sent.Url.LastIndexOf("&signature=", StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(a.PostbackSecret), Encoding.UTF8.GetBytes(sent.Url[..at]))),
            sent.Url[(at + "&signature=".Length)..]);

        // The offer catalog: the operator's offers at A's ratio, revenue share and currency, with no promotion or name of B's
        // (B gets ×3 on every offer, and a different ratio and currency).
        await app.WithDb(async db =>
        {
            await db.Partners.Where(p => p.Id == b.PartnerId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.CurrencyRatio, 7m).SetProperty(p => p.CurrencyName, "B-Bucks").SetProperty(p => p.RevenueShare, 0.9m));
            db.Promotions.Add(new Promotion { PartnerId = b.PartnerId, Multiplier = 3m, StartsAt = app.UtcNow.AddHours(-1), EndsAt = app.UtcNow.AddHours(1) });
            return await db.SaveChangesAsync();
        });
        app.App.Services.GetRequiredService<Offerwall.Offers.Promotions>().Forget();
        var partnerA = await app.WithDb(db => db.Partners.AsNoTracking().SingleAsync(p => p.Id == a.PartnerId));
        var catalog = await AsA("GET", "/data/partner/offers", "?status=all&per_page=500");
        var offers = catalog.Json["data"]!.AsArray().Select(o => o!.AsObject()).ToList();
        Assert.Contains(offers, o => (string?)o["offer_id"] == a.OfferId);
        Assert.Contains(offers, o => (string?)o["offer_id"] == b.OfferId);
        var now = app.UtcNow;
        var forA = await app.WithDb(db => db.Promotions.AsNoTracking()
            .Where(p => (p.PartnerId == null || p.PartnerId == a.PartnerId) && p.StartsAt <= now && now < p.EndsAt).ToListAsync());
        Assert.All(offers, o => Assert.Equal(forA.Count(p => p.OfferId == null || p.OfferId == (long)o["id"]!), o["promotions"]!.AsArray().Count));
        Assert.DoesNotContain(offers.SelectMany(o => o["promotions"]!.AsArray()), p => (decimal)p!["multiplier"]! == 3m);
        Assert.All(offers, o => Assert.Equal(partnerA.CurrencyName, (string?)o["currency_name"]));
        var goals = await app.WithDb(db => db.Goals.AsNoTracking().ToDictionaryAsync(g => g.PublicId));
        Assert.DoesNotContain(offers.SelectMany(o => o["goals"]!.AsArray()), g => g!["promotional_reward"] is { } promoted
            && (decimal)promoted == Offerwall.Offers.Rewards.Cents(goals[(string)g["goal_id"]!].Reward * 3m));
        Assert.All(offers.SelectMany(o => o["goals"]!.AsArray()), g =>
        {
            var goal = goals[(string)g!["goal_id"]!];
            Assert.Equal(Offerwall.Offers.Rewards.Local(goal.Reward, partnerA.CurrencyRatio), (decimal)g["reward_local_currency"]!);
            Assert.Equal(Offerwall.Offers.Rewards.PartnerPayout(goal.Payout, partnerA.RevenueShare), (decimal)g["payout"]!);
        });
        foreach (var secret in new[] { a.ServerKey, a.PostbackSecret, b.ServerKey, b.PostbackSecret, b.AppToken, "Partner B", "B-Bucks" })
            Assert.DoesNotContain(secret, catalog.Text);

        // B's rows are all still B's, untouched.
        Assert.Equal([txB, onlyB], (await b.LedgerAsync()).Select(r => (long)r!["transaction_id"]!));

        // Every partner endpoint of the server was checked here: a new one needs its isolation test.
        Assert.Equal(RoutesUnder("/data/partner").Select(r => r.Name).Order(), covered.Order());
    }

    [Fact]
    public async Task TheClientApiKeepsEachAppsUsersApart()
    {
        var (a, b, _, _, _) = await TwoPartnersAsync();

        // The same user id at two apps is two users: A's token sees only what A's user did.
        var history = (await SendAsync(HttpMethod.Get, "/v1/client/user/started-offers", Token(a.AppToken))).Json["data"]!.AsArray();
        Assert.Equal([a.OfferId], history.Select(h => (string?)h!["offer_id"]));
        var started = (await SendAsync(HttpMethod.Get, "/v1/client/offers", Token(a.AppToken))).Json["data"]!["started_offers"]!.AsArray();
        Assert.Equal([a.OfferId], started.Select(o => (string?)o!["id"]));
        var details = await SendAsync(HttpMethod.Get, $"/v1/client/user/history/offers/{b.OfferId}", Token(a.AppToken));
        Assert.Equal(HttpStatusCode.NotFound, details.Status);
        Assert.Equal("offer not found in the user's history", (string?)details.Json["error"]!["details"]!["msg"]);
        // b-only exists only at B.
        Assert.Empty((await SendAsync(HttpMethod.Get, "/v1/client/user/history", Token(a.AppToken, "b-only"))).Json["data"]!.AsArray());
        Assert.Equal("Partner A", (string?)(await SendAsync(HttpMethod.Get, "/wall/app", [("X-Api-Token", a.AppToken)])).Json["data"]!["name"]);

        // Keys are not interchangeable: an app token is no server key, a server key no app token.
        var asKey = await SendAsync(HttpMethod.Get, "/data/partner/conversions", Key(a.AppToken));
        Assert.Equal((HttpStatusCode.Unauthorized, """{"message":"Unauthenticated."}"""), (asKey.Status, asKey.Text));
        foreach (var credential in new[] { a.ServerKey, a.PostbackSecret, AppFixture.AdminToken })
        {
            var asToken = await SendAsync(HttpMethod.Get, "/v1/client/user/history", Token(credential));
            Assert.Equal(HttpStatusCode.Unauthorized, asToken.Status);
            Assert.Equal("invalid api token", (string?)asToken.Json["error"]!["details"]!["msg"]);
        }
    }

    [Fact]
    public async Task AdminEndpointsRefusePartnerKeysAndAppTokensBeforeReadingTheBody()
    {
        var (a, _, txA, _, _) = await TwoPartnersAsync();
        var before = await CountsAsync();
        var routes = RoutesUnder("/admin").ToList();
        Assert.True(routes.Count >= 15, "the admin routes");
        var credentials = new (string Name, string Value)[][]
        {
            [], Key(a.ServerKey), Key(a.AppToken), Key(a.PostbackSecret), Key(a.Secret), [("Authorization", a.ServerKey)], [("X-Api-Token", a.AppToken)],
            Key(AppFixture.AdminToken + "x"), Key(AppFixture.AdminToken.ToUpperInvariant()), [("Authorization", "Basic " + AppFixture.AdminToken)],
        };
        foreach (var (name, endpoint) in routes)
        {
            var method = name.Split(' ')[0];
            var path = System.Text.RegularExpressions.Regex.Replace(name.Split(' ')[1], "{[^}]+}", txA.ToString(CultureInfo.InvariantCulture));
            foreach (var credential in credentials)
            {
                // A body that is not JSON at all: the answer is 401 all the same, not a 400 about the body.
                var answer = await SendAsync(new HttpMethod(method), path, credential,
                    method == "GET" ? null : new StringContent("{not json", Encoding.UTF8, "application/json"));
                Assert.True(answer.Status == HttpStatusCode.Unauthorized, $"{name} with {string.Join(", ", credential.Select(c => c.Name))}: {(int)answer.Status} {answer.Text}");
                Assert.Equal("application/problem+json", answer.ContentType);
                Assert.Equal(401, (int)answer.Json["status"]!);
            }
        }
        Assert.Equal(before, await CountsAsync());

        // The admin token is not a partner key, nor an app token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/data/partner/conversions", Key(AppFixture.AdminToken))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/v1/client/offers", Token(AppFixture.AdminToken))).Status);
    }

    private Task<long[]> CountsAsync() => app.WithDb(async db => new[]
    {
        await db.Partners.LongCountAsync(), await db.Advertisers.LongCountAsync(), await db.Offers.LongCountAsync(), await db.Goals.LongCountAsync(),
        await db.Promotions.LongCountAsync(), await db.Users.LongCountAsync(), await db.Clicks.LongCountAsync(), await db.Conversions.LongCountAsync(),
        await db.ConversionChanges.LongCountAsync(), await db.Ledger.LongCountAsync(), await db.PostbackDeliveries.LongCountAsync(),
        await db.PostbackDeliveries.LongCountAsync(d => d.Status == DeliveryStatus.Pending),
    });

    /// <summary>Same length and another length must be indistinguishable: the same status, the same body (less its trace id).</summary>
    [Fact]
    public async Task AWrongKeyGetsTheSameAnswerWhetherItsLengthIsRightOrNot()
    {
        var m = await Market.CreateAsync(app);
        static string Flip(string s) => s[..^1] + (s[^1] == 'A' ? 'B' : 'A');
        static string Body(Answer answer) => System.Text.RegularExpressions.Regex.Replace(answer.Text, "\"trace_?[iI]d\":\"[^\"]*\"", "\"trace_id\":\"\"");

        // Partner server keys.
        var keys = new[] { Flip(m.ServerKey), m.ServerKey[..^1], m.ServerKey + "A", "short", new string('k', 200) };
        Assert.Equal(m.ServerKey.Length, keys[0].Length);
        var answers = await Task.WhenAll(keys.Select(k => SendAsync(HttpMethod.Get, "/data/partner/conversions", Key(k))));
        Assert.All(answers, x => Assert.Equal((HttpStatusCode.Unauthorized, """{"message":"Unauthenticated."}"""), (x.Status, x.Text)));

        // The admin token.
        var tokens = new[] { Flip(AppFixture.AdminToken), AppFixture.AdminToken[..^1], AppFixture.AdminToken + "A", "t", new string('t', 500) };
        Assert.Equal(AppFixture.AdminToken.Length, tokens[0].Length);
        var admin = await Task.WhenAll(tokens.Select(t => SendAsync(HttpMethod.Get, "/admin/partners", Key(t))));
        Assert.All(admin, x => Assert.Equal(HttpStatusCode.Unauthorized, x.Status));
        Assert.Single(admin.Select(Body).Distinct());

        // Advertiser signatures (64 hex digits).
        var tx = await m.StartAsync("u");
        var good = Market.Sign(m.Secret, [("tx_id", tx), ("goal_id", m.Install)]);
        // Another hex digit (signatures are compared lower-cased, so a change of case would be no change).
        var otherDigit = good[..^1] + (good[^1] == '0' ? '1' : '0');
        var signatures = new[] { otherDigit, new string('0', 64), good[..^1], good + "0", good + good };
        var refused = new List<string>();
        foreach (var signature in signatures)
        {
            var (status, body) = await m.PostbackAsync(tx, m.Install, signature: signature);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            refused.Add(body.ToJsonString());
        }
        Assert.Single(refused.Distinct());
        Assert.Empty(await m.LedgerAsync());
    }

    [Fact]
    public async Task KeysAndSecretsNeverReachTheLog()
    {
        // The whole life of a partner, through every surface, with every secret in play.
        var partner = await Market.AdminAsync(app, "/admin/partners", new
        {
            name = "Logged partner", currency_name = "Coins", currency_ratio = 100m, revenue_share = 0.5m, postback_url = _sink.Url + "/pb?tx={transaction_id}",
            stateful_postbacks = true,
        }, HttpStatusCode.Created);
        var partnerId = (long)partner["partner"]!["id"]!;
        var oldKey = (string)partner["server_key"]!;
        var postbackSecret = (string)partner["postback_secret"]!;
        var appToken = (string)partner["partner"]!["app_token"]!;
        var advertiser = await Market.AdminAsync(app, "/admin/advertisers", new { name = "Logged advertiser" }, HttpStatusCode.Created);
        var advertiserSecret = (string)advertiser["secret"]!;
        var offerId = "log" + Guid.NewGuid().ToString("N")[..8];
        await Market.AdminAsync(app, "/admin/offers/import", new[]
        {
            new
            {
                id = offerId, advertiser_id = (long)advertiser["id"]!, name = "Logged game", tracking_url = "https://track.example/c?tx={tx_id}",
                goals = new object[] { new { id = "0", name = "Install", payout = 1m, reward = 0.5m }, new { id = "1", name = "Level", payout = 2m, reward = 1m, hold_hours = 1 } },
            },
        });
        await Market.AdminAsync(app, "/admin/promotions",
            new { offer_id = offerId, multiplier = 2m, bonus = 0m, starts_at = app.UtcNow.AddHours(-1), ends_at = app.UtcNow.AddHours(1) },
            HttpStatusCode.Created);
        var newKey = (string)(await Market.AdminAsync(app, $"/admin/partners/{partnerId}/rotate-key"))["server_key"]!;

        // The app and the advertiser.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/v1/client/offers", Token(appToken, "logged-user"))).Status);
        var start = await SendAsync(HttpMethod.Post, $"/v1/client/offers/{offerId}/start", Token(appToken, "logged-user"));
        var tx = (string)start.Json["data"]!["tx_id"]!;
        foreach (var goal in new[] { "0", "1" })
        {
            var query = new List<(string Key, string Value)> { ("tx_id", tx), ("goal_id", $"{offerId}_{goal}") };
            var signature = Market.Sign(advertiserSecret, query);
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync($"/postbacks/advertiser?tx_id={tx}&goal_id={offerId}_{goal}&signature={signature}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.Client.GetAsync($"/postbacks/advertiser?tx_id={tx}&goal_id={offerId}_0&event_id=x&signature={new string('0', 64)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/v1/client/user/history/offers/{offerId}", Token(appToken, "logged-user"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/v1/client/user/history", Token(appToken, "logged-user"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/wall/app", [("X-Api-Token", appToken)])).Status);

        // The operator moves the pending one on; the partner reads everything and replays and tests.
        var pending = await app.WithDb(db => db.Conversions.Where(c => c.PartnerId == partnerId && c.Status == ConversionStatus.Pending).Select(c => c.Id).SingleAsync());
        await Market.AdminAsync(app, $"/admin/conversions/{pending}/approve", new { reason = "checked" });
        await Market.AdminAsync(app, $"/admin/conversions/{pending}/reverse", new { reason = "chargeback" });
        await PostbackSink.WaitUntilAsync(() => app.WithDb(db => db.PostbackDeliveries.Where(d => d.PartnerId == partnerId).AllAsync(d => d.Status == DeliveryStatus.Delivered)),
            "the partner's postbacks");
        foreach (var path in new[] { "/data/partner/conversions", "/data/partner/summary", "/data/partner/me", "/data/partner/postbacks" })
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, path, Key(newKey))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/data/partner/conversions", Key(oldKey))).Status);
        var delivery = (await DeliveriesAsync(partnerId))[0].Id;
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/data/partner/postbacks/{delivery}", Key(newKey))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/data/partner/postbacks/{delivery}/replay", Key(newKey))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/data/partner/postbacks/test", Key(newKey))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/data/partner/postbacks/replay", Key(newKey))).Status);
        await PostbackSink.WaitUntilAsync(() => app.WithDb(db => db.PostbackDeliveries.Where(d => d.PartnerId == partnerId).AllAsync(d => d.Status == DeliveryStatus.Delivered)),
            "the replayed postback");
        foreach (var path in new[] { "/admin/partners", "/admin/conversions", $"/admin/conversions/{pending}/history", "/admin/postbacks", "/admin/conversions/export.csv" })
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, path, Key(AppFixture.AdminToken))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/admin/postbacks/test/{partnerId}", Key(AppFixture.AdminToken))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/wall?token={appToken}&uid=logged-user")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/dashboard")).Status);
        Assert.True(_sink.Requests.Count >= 4, "postbacks reached the sink");

        // The recorder saw every channel a secret could leak through: requests, SQL, outgoing HTTP, the app's own lines.
        var lines = logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal)
            && l.Contains("/data/partner/conversions", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Microsoft.EntityFrameworkCore.Database.Command", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("System.Net.Http.HttpClient.postbacks", StringComparison.Ordinal) && l.Contains(_sink.Url, StringComparison.Ordinal));
        foreach (var (what, secret) in new[]
        {
            ("the server key", oldKey), ("the rotated server key", newKey), ("the postback secret", postbackSecret), ("the advertiser's secret", advertiserSecret),
            ("the admin token", AppFixture.AdminToken),
        })
        {
            var leak = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"{what} is in the log: {leak?[..Math.Min(leak.Length, 300)]}");
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{lines.Count} log lines on {app.Provider} scanned for 5 keys and secrets: none found.");
    }

    [Fact]
    public async Task PagesKeepTheirSecurityHeadersOnEveryAnswer()
    {
        var hostile = Uri.EscapeDataString("<script>alert(1)</script>");
        foreach (var path in new[]
        {
            $"/wall?token={hostile}&uid={hostile}", "/wall?token=", "/dashboard?key=%00&page=%ZZ", "/assets/no-such-file.js", "/assets/..%2F..%2Fappsettings.json",
            "/wall/icons/no-such-offer.svg", $"/wall/icons/{hostile}.svg",
        })
        {
            using var response = await app.Client.GetAsync(path);
            Assert.True((int)response.StatusCode < 500, path);
            var csp = string.Join(", ", response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values : []);
            Assert.Contains("default-src 'self'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Equal("nosniff", string.Join(", ", response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) ? sniff : []));
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("<script>alert(1)</script>", body);   // nothing from the request is written into a page
            Assert.DoesNotContain("ConnectionString", body);            // and no path leads out of the assets
        }
    }
}
