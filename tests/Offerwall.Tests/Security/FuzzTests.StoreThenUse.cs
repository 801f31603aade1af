using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Conversions;
using Offerwall.Tests.Infrastructure;
using Offerwall.Offers;
using Offerwall.Data;

namespace Offerwall.Tests.Security;

/// <summary>
/// Store, then use: values that validation accepts are not harmless until every API that reads them
/// has used them. Hostile offers (values at and around every bound of the import) are imported; those
/// accepted are started through the client API by the users of a partner of 1,000,000 coins per USD
/// under a ×100 + 10,000 USD promotion and of a partner of 0.000001 per USD, converted through signed
/// advertiser postbacks (flat goals, a held goal approved by the advertiser, dynamic goals with extreme
/// payouts, a reversal), and read through the client API, the Data API, the summary and the admin
/// export; then every click is moved ten years and an hour back, and it is all used again.
/// </summary>
public abstract partial class FuzzTests
{
    /// <summary>An offer made from the base one by setting members (JSON paths, raw JSON values), and whether validation accepts it.</summary>
    private sealed record StoredOffer(bool Accepted, (string Path, string Json)[] Set);

    private static StoredOffer Accepted(params (string, string)[] set) => new(true, set);
    private static StoredOffer Refused(params (string, string)[] set) => new(false, set);

    private static readonly StoredOffer[] StoredOffers =
    [
        Accepted(),
        // time limits: the offer's and a goal's, 1 to 87,600 hours
        Accepted(("time_limit_hours", "1")), Accepted(("time_limit_hours", "87600")), Refused(("time_limit_hours", "87601")),
        Refused(("time_limit_hours", "100000000")), Refused(("time_limit_hours", "2147483647")), Refused(("time_limit_hours", "2147483648")),
        Refused(("time_limit_hours", "0")), Refused(("time_limit_hours", "-1")),
        Accepted(("goals[0].time_limit_hours", "1")), Accepted(("goals[2].time_limit_hours", "87600")),
        Refused(("goals[0].time_limit_hours", "87601")), Refused(("goals[2].time_limit_hours", "100000000")),
        // a flat goal's amounts: 0 to 100,000 USD, 6 decimals
        Accepted(("goals[0].reward", "0.000001")), Accepted(("goals[0].reward", "100000"), ("goals[0].payout", "100000")),
        Accepted(("goals[0].reward", "100000"), ("goals[0].payout", "0")),
        Refused(("goals[0].reward", "100000.000001")), Refused(("goals[0].reward", "-0.000001")), Refused(("goals[0].reward", "1e400")),
        Refused(("goals[0].payout", "100000.01")), Refused(("goals[0].reward", "79228162514264337593543950336")),
        // a dynamic goal: payout 0 or 0.01 and up, reward at most 10 × payout
        Accepted(("goals[2].payout", "0.01"), ("goals[2].reward", "0.1")), Accepted(("goals[2].payout", "0"), ("goals[2].reward", "100000")),
        Accepted(("goals[2].payout", "10000"), ("goals[2].reward", "100000")), Accepted(("goals[2].payout", "100000"), ("goals[2].reward", "100000")),
        Refused(("goals[2].payout", "0.000001"), ("goals[2].reward", "100")), Refused(("goals[2].payout", "0.009999"), ("goals[2].reward", "0")),
        Refused(("goals[2].payout", "0.01"), ("goals[2].reward", "0.100001")), Refused(("goals[2].payout", "9999.999999"), ("goals[2].reward", "100000")),
        // holds, commissions, types
        Accepted(("goals[1].hold_hours", "8760")), Refused(("goals[1].hold_hours", "8761")), Refused(("goals[1].hold_hours", "-1")),
        Accepted(("goals[2].commission_amount", "100000")), Refused(("goals[2].commission_amount", "100000.000001")),
        Accepted(("goals[0].type_id", "4"), ("goals[0].time_played_count", "2147483647"), ("goals[0].time_played_unit", "\"" + new string('m', 20) + "\"")),
        Accepted(("goals[0].type_id", "4"), ("goals[0].time_played_count", "-2147483648")), Refused(("goals[0].type_id", "5")),
        // every bound at once, the high ones and the low ones
        Accepted(("time_limit_hours", "87600"), ("goals[0].reward", "100000"), ("goals[0].payout", "100000"), ("goals[0].time_limit_hours", "87600"),
            ("goals[1].reward", "100000"), ("goals[1].hold_hours", "8760"), ("goals[2].payout", "100000"), ("goals[2].reward", "100000"), ("goals[2].time_limit_hours", "1")),
        Accepted(("time_limit_hours", "1"), ("goals[0].reward", "0.000001"), ("goals[1].reward", "0.000001"), ("goals[2].payout", "0.01"), ("goals[2].reward", "0.000001")),
    ];

    private static JsonObject StoredOfferJson(string id, long advertiserId, StoredOffer variant)
    {
        var offer = JsonNode.Parse($$"""
            {"id":"{{id}}","advertiser_id":{{advertiserId}},"name":"Stored {{id}}","tracking_url":"https://track.example/c?tx={tx_id}","time_limit_hours":null,
             "goals":[{"id":"0","name":"Install","payout":1.5,"reward":0.5},
                      {"id":"1","name":"Level","payout":2,"reward":1.25,"hold_hours":24},
                      {"id":"2","name":"Purchase","payout":10,"reward":3,"kind":"dynamic","display_type":"commission","commission_amount":10}]}
            """)!.AsObject();
        foreach (var (path, json) in variant.Set)
        {
            // "goals[2].payout": a member of the third goal (one digit: the offer has three); "time_limit_hours": of the offer.
            var at = path.StartsWith("goals[", StringComparison.Ordinal) ? offer["goals"]![path[6] - '0']!.AsObject() : offer;
            at[path[(path.IndexOf('.') + 1)..]] = JsonNode.Parse(json);
        }
        return offer;
    }

    /// <summary>A partner of the step, with its keys.</summary>
    private sealed record StorePartner(long Id, string ServerKey, string AppToken);

    [Fact]
    public async Task StoredExtremeOffersNeverAnswer5xxWhenStartedConvertedAndRead()
    {
        var started = DateTime.UtcNow;
        await using var tables = await TableCounts.OpenAsync(app);
        var counts = await tables.ReadAsync();
        var problems = new Dictionary<string, (int Count, string Example)>();
        var requests = 0;

        // One request: never a 5xx, a status among those expected, an error in its API's shape, and a refusal writes nothing.
        async Task<(int Status, string Text)> CallAsync(HttpMethod method, string target, (string, string)[] headers, int[] expected, JsonNode? body = null)
        {
            requests++;
            var probe = new Probe(ApiOf(target.Split('?')[0]), method, target, headers,
                body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString()), body is null ? null : "application/json");
            var (status, contentType, text) = await SendAsync(probe, new Uri("http://localhost" + target));
            void Fail(string why)
            {
                var kind = $"{probe.Api} {status}: {why}";
                problems[kind] = problems.TryGetValue(kind, out var seen) ? (seen.Count + 1, seen.Example)
                    : (1, $"{method} {Cut(target, 200)} {(body is null ? "" : Cut(body.ToJsonString(), 300))} -> {(status >= 400 ? Cut(text, 300) : "")}");
            }
            if (status >= 500) Fail("a 5xx");
            else if (!expected.Contains(status)) Fail($"expected {string.Join(" or ", expected)}");
            if (status >= 400 && ShapeError(probe.Api, status, contentType, text) is { } shape) Fail("not the API's error shape: " + shape);
            if (status is >= 200 and < 300) counts = await tables.ReadAsync();
            else if (await tables.ReadAsync() is var after && !after.SequenceEqual(counts))
            {
                Fail("a refused request changed the database: " + tables.Diff(counts, after));
                counts = after;
            }
            return (status, text);
        }
        (string, string)[] Admin() => [("Authorization", $"Bearer {AppFixture.AdminToken}")];

        // The advertiser, two partners at the ends of the currency ratio, and the largest promotion for each.
        var advertiser = JsonNode.Parse((await CallAsync(HttpMethod.Post, "/admin/advertisers", Admin(), [201], new JsonObject { ["name"] = "Stored" })).Text)!;
        var (advertiserId, secret) = ((long)advertiser["id"]!, (string)advertiser["secret"]!);
        var partners = new List<StorePartner>();
        foreach (var (ratio, share) in new[] { ("1000000", "1"), ("0.000001", "0") })
        {
            var created = JsonNode.Parse((await CallAsync(HttpMethod.Post, "/admin/partners", Admin(), [201], JsonNode.Parse(
                $$"""{"name":"Stored {{ratio}}","currency_name":"Coins","currency_ratio":{{ratio}},"revenue_share":{{share}},"block_vpn":false}"""))).Text)!;
            var partner = new StorePartner((long)created["partner"]!["id"]!, (string)created["server_key"]!, (string)created["partner"]!["app_token"]!);
            partners.Add(partner);
            await CallAsync(HttpMethod.Post, "/admin/promotions", Admin(), [201], JsonNode.Parse($$"""
                {"offer_id":null,"partner_id":{{partner.Id}},"multiplier":100,"bonus":10000,
                "starts_at":"{{app.Clock.GetUtcNow().AddHours(-1):O}}","ends_at":"{{app.Clock.GetUtcNow().AddDays(30):O}}"}
                """));
        }

        // Store: each offer on its own, so a refused one does not take the others with it.
        var offers = new List<string>();
        for (var i = 0; i < StoredOffers.Length; i++)
        {
            var id = $"stored{i}";
            var (status, _) = await CallAsync(HttpMethod.Post, "/admin/offers/import", Admin(), StoredOffers[i].Accepted ? [200] : [400],
                new JsonArray(StoredOfferJson(id, advertiserId, StoredOffers[i])));
            if (status == 200) offers.Add(id);
        }

        // Use: start, convert (200, or 422 beyond the most a conversion may be worth), read.
        const string user = "stored-user";
        (string, string)[] Client(StorePartner p) => [("X-Api-Token", p.AppToken), ("X-User-Id", user)];
        async Task PostbackAsync(string tx, string goal, int[] expected, params (string, string)[] extra)
        {
            var parameters = new List<(string Key, string Value)> { ("tx_id", tx), ("goal_id", goal) };
            parameters.AddRange(extra);
            var query = string.Join('&', parameters.Append(("signature", Market.Sign(secret, parameters)))
                .Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
            await CallAsync(HttpMethod.Get, "/postbacks/advertiser?" + query, [], expected);
        }
        async Task ReadAllAsync(StorePartner p)
        {
            await CallAsync(HttpMethod.Get, "/v1/client/offers", Client(p), [200]);
            await CallAsync(HttpMethod.Get, "/v1/client/user/history", Client(p), [200]);
            await CallAsync(HttpMethod.Get, "/v1/client/user/started-offers", Client(p), [200]);
            await CallAsync(HttpMethod.Get, "/v2/client/offers", Client(p), [200]);
            (string, string)[] key = [("Authorization", $"Bearer {p.ServerKey}")];
            await CallAsync(HttpMethod.Get, "/data/partner/conversions?from_date=2026-11-01&to_date=2026-11-30&per_page=1000", key, [200]);
            await CallAsync(HttpMethod.Get, "/data/partner/summary?from_date=2026-11-01&to_date=2026-11-30", key, [200]);
            await CallAsync(HttpMethod.Get, $"/admin/conversions/export.csv?partner_id={p.Id}&from_date=2026-11-01&to_date=2026-11-30", Admin(), [200]);
        }

        var txs = new Dictionary<(long, string), string>();
        foreach (var p in partners)
        {
            foreach (var offer in offers)
            {
                var (status, text) = await CallAsync(HttpMethod.Post, $"/v1/client/offers/{offer}/start", Client(p), [200]);
                if (status != 200) continue;
                var tx = (string)JsonNode.Parse(text)!["data"]!["tx_id"]!;
                txs[(p.Id, offer)] = tx;
                await PostbackAsync(tx, offer + "_0", [200, 422]);
                await PostbackAsync(tx, offer + "_1", [200, 422]);
                await PostbackAsync(tx, offer + "_1", [200, 422], ("status", "approved"));
                foreach (var payout in new[] { "0.000001", "1", "100000" })
                    await PostbackAsync(tx, offer + "_2", [200, 422], ("event_id", "e" + payout), ("payout", payout));
                await PostbackAsync(tx, offer + "_2", [200, 404], ("event_id", "e100000"), ("reverse", "1"));
                await CallAsync(HttpMethod.Get, $"/v1/client/user/history/offers/{offer}", Client(p), [200]);
            }
            await ReadAllAsync(p);
        }

        // Ten years and an hour later for every click: limits are over (410), hours left are 0, and it all still reads.
        var clickedAt = app.UtcNow.AddHours(-Offer.MaxTimeLimitHours - 1);
        var ids = partners.Select(p => p.Id).ToList();
        await app.WithDb(db => db.Clicks.Where(c => ids.Contains(c.PartnerId)).ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, clickedAt)));
        foreach (var p in partners)
        {
            foreach (var offer in offers.Where(o => txs.ContainsKey((p.Id, o))))
            {
                await PostbackAsync(txs[(p.Id, offer)], offer + "_2", [200, 410, 422], ("event_id", "late"), ("payout", "1"));
                await CallAsync(HttpMethod.Get, $"/v1/client/user/history/offers/{offer}", Client(p), [200]);
            }
            await ReadAllAsync(p);
        }

        // What was stored is within the documented maximum.
        var stored = await app.WithDb(db => db.Conversions.Where(c => ids.Contains(c.PartnerId))
            .Select(c => new { c.Reward, c.RewardLocal, c.Payout, c.AdvertiserPayout }).ToListAsync());
        var largest = stored.SelectMany(c => new[] { c.Reward, c.RewardLocal, c.Payout, c.AdvertiserPayout }).DefaultIfEmpty().Max();
        if (largest > Amounts.Max) problems[$"a stored amount of {largest}"] = (1, "");
        if (stored.Count == 0) problems["no conversion was recorded"] = (1, "");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Store, then use, on {app.Provider}: {StoredOffers.Length} offers tried, {offers.Count} stored; " +
            $"{requests} requests in {(DateTime.UtcNow - started).TotalSeconds:0.0} s; {stored.Count} conversions, the largest amount {largest}.");
        Assert.True(problems.Count == 0, $"{problems.Count} kind(s) of problem in {requests} requests:\n" +
            string.Join("\n", problems.Select(p => $"- {p.Key} ({p.Value.Count}x)\n    e.g. {p.Value.Example}")));
    }
}
