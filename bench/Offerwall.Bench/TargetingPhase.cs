using System.Net;
using System.Text;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>
/// Client API with targeting on: the offer list (GET /v1/client/offers) and the start (POST
/// /v1/client/offers/{id}/start), each at 32 connections vs the baseline's fixed 1 KB JSON. The server
/// reads the user's country from the client address through the country database scripts/bench writes
/// (<see cref="CountryDatabase"/>: loopback is <see cref="Country"/>), and the requests carry an Android
/// phone's User-Agent. The phase first imports <see cref="TargetedOffers"/> offers beside the demo's:
/// a quarter for US/CA/GB on Android or iOS, a quarter excluding RU and CN on Android 8 and later (both
/// target the load's users), a quarter for DE/FR/ES only and a quarter for US on iOS only (neither does);
/// half of each kind has caps and budgets that are never reached, so the list also reads cap standings.
/// The list is asked for random users of the demo's Coin Quest (taken from Data API rows, as the client API
/// phase does), and every answer must be 200 and hold exactly the targeted offers that target the user.
/// The start is asked for a new user each time (a user and a click written, the targeting rule applied) on
/// a random offer that targets them: every answer must be 200 with a tx_id. Before the load, starts of
/// offers that do not target the user must be refused (403).
/// </summary>
public static class TargetingPhase
{
    public const int TargetedOffers = 40;
    public const string Country = "US";
    public const string UserAgent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";

    private static readonly object LargeCaps = new
    {
        daily_conversions = 1_000_000_000, total_conversions = 1_000_000_000, daily_budget = 1_000_000_000m, total_budget = 1_000_000_000m,
    };

    public static async Task RunAsync(BenchContext c, string phase, CancellationToken ct)
    {
        var o = c.Options;
        using var http = Http.Client(o.Url, o.ClientConcurrency);
        using var baseline = Http.Client(o.BaselineUrl, o.ClientConcurrency);
        var tag = BenchContext.NewTag();
        var (targeting, notTargeting) = await ImportAsync(http, o.AdminToken, tag, ct);
        var users = (await ClientApiPhase.PairsAsync(c, ct)).Select(p => p.User).Distinct().ToArray();
        var t = c.Table;

        // What every list must hold: the targeted offers for this user, by the marker their ids start with.
        var targetingMarker = Encoding.UTF8.GetBytes($"\"id\":\"tg-{tag}-in-");
        var notTargetingMarker = Encoding.UTF8.GetBytes($"tg-{tag}-out-");
        var sample = await ListAsync(http, users[0], ct);
        var listedIds = sample.Ids.Where(id => id.StartsWith($"tg-{tag}-", StringComparison.Ordinal)).ToHashSet();
        var listOk = sample.Status == HttpStatusCode.OK && listedIds.SetEquals(targeting);
        var listSummary = $"list of a {Country} Android user: {sample.Ids.Count} offers, {listedIds.Count} of the {TargetedOffers} targeted ones " +
                          $"({listedIds.Intersect(targeting).Count()}/{targeting.Count} of those targeting them, {listedIds.Intersect(notTargeting).Count()} of the others)";
        Console.WriteLine($"  {listSummary}");
        t.Add(phase, $"list holds exactly the targeted offers that target a {Country} Android user", listOk ? "ok" : "FAILED", "", "", $"{targeting.Count} of {TargetedOffers}",
            listOk ? "yes" : "FAIL");
        if (!listOk) t.Fail(phase, listSummary + " (is the country database loaded?)");

        var refusals = new List<string>();
        // Offer 1 is for DE/FR/ES only (the country), offer 3 for US on iOS only (the device).
        foreach (var offer in new[] { $"tg-{tag}-out-1", $"tg-{tag}-out-3" })
        {
            var (status, body) = await StartAsync(http, offer, $"tg-{tag}-refused-{offer}", ct);
            if (status != HttpStatusCode.Forbidden) refusals.Add($"{offer}: {(int)status} {Load.Shorten(body)}");
        }
        t.Add(phase, "start of an offer not targeting the user (country, device) → 403", refusals.Count == 0 ? "ok" : "FAILED", "", "", "403",
            refusals.Count == 0 ? "yes" : "FAIL");
        if (refusals.Count > 0) t.Fail(phase, "starts not refused: " + string.Join("; ", refusals));

        var expected = targeting.Count;
        var size = 0;
        var list = await Load.CompareAsync(o, o.ClientConcurrency, "lists", _ =>
        {
            var body = new BodyBuffer();
            return async token =>
            {
                var user = users[Random.Shared.Next(users.Length)];
                using var request = Request(HttpMethod.Get, "/v1/client/offers", user);
                var status = await Http.SendAsync(http, request, body, token);
                if (status != HttpStatusCode.OK) return $"{user}: {Http.Failure(status, body)}";
                var listed = Http.Count(body.Span, targetingMarker);
                if (listed != expected || Http.Count(body.Span, notTargetingMarker) != 0)
                    return $"{user}: {listed} of the {expected} offers targeting them listed, or others: {Load.Shorten(Encoding.UTF8.GetString(body.Span))}";
                size = body.Length;
                return null;
            };
        }, _ => Fixed1Kb(baseline), ct);
        AddRows(t, phase, $"offer lists/s ({Country} Android user, targeting on) vs fixed 1 KB JSON/s, {o.ClientConcurrency} conn.", list);
        t.Add(phase, "  list answer size (bytes, one sample)", Fmt.Int(size), "1,024");
        t.AddFailures(phase, list.Failures, list.BaselineFailures, "  lists: failed requests");

        var next = 0L;
        var start = await Load.CompareAsync(o, o.ClientConcurrency, "starts", _ =>
        {
            var body = new BodyBuffer();
            return async token =>
            {
                var offer = targeting[Random.Shared.Next(targeting.Count)];
                var user = $"tg-{tag}-u{Interlocked.Increment(ref next)}";
                using var request = Request(HttpMethod.Post, $"/v1/client/offers/{offer}/start", user);
                var status = await Http.SendAsync(http, request, body, token);
                if (status != HttpStatusCode.OK) return $"{user} / {offer}: {Http.Failure(status, body)}";
                if (body.Span.IndexOf("\"tx_id\":\""u8) < 0) return $"{user} / {offer}: no tx_id in {Load.Shorten(Encoding.UTF8.GetString(body.Span))}";
                return null;
            };
        }, _ => Fixed1Kb(baseline), ct);
        AddRows(t, phase, $"offer starts/s (new user and click each, targeting checked) vs fixed 1 KB JSON/s, {o.ClientConcurrency} conn.", start);
        t.AddFailures(phase, start.Failures, start.BaselineFailures, "  starts: failed requests");
    }

    private static void AddRows(ResultTable t, string phase, string measure, Load.Comparison r)
    {
        var ratio = r.Ours.MedianRate / r.Theirs.MedianRate;
        t.Add(phase, $"{measure} (median of {r.Ours.Count})", Fmt.Int(r.Ours.MedianRate), Fmt.Int(r.Theirs.MedianRate), Fmt.Ratio(ratio));
        t.Add(phase, "  their latency p50 / p99 (ms)", $"{Fmt.Ms(r.Ours.Percentile(0.5))} / {Fmt.Ms(r.Ours.Percentile(0.99))}",
            $"{Fmt.Ms(r.Theirs.Percentile(0.5))} / {Fmt.Ms(r.Theirs.Percentile(0.99))}");
        t.Add(phase, "  server process CPU per request (ms)", r.Ours.CpuPerOperation, r.Theirs.CpuPerOperation);
    }

    private static Operation Fixed1Kb(HttpClient baseline)
    {
        var body = new BodyBuffer();
        return async token =>
        {
            var status = await Http.GetAsync(baseline, "/1kb", body, token);
            return status == HttpStatusCode.OK ? null : Http.Failure(status, body);
        };
    }

    internal static HttpRequestMessage Request(HttpMethod method, string path, string user)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Token", ClientApiPhase.AppToken);
        request.Headers.Add("X-User-Id", user);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        return request;
    }

    private static async Task<(HttpStatusCode Status, List<string> Ids)> ListAsync(HttpClient http, string user, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, "/v1/client/offers", user);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK) return (response.StatusCode, []);
        using var json = JsonDocument.Parse(text);
        var data = json.RootElement.GetProperty("data");
        return (response.StatusCode, data.GetProperty("offers").EnumerateArray().Concat(data.GetProperty("started_offers").EnumerateArray())
            .Select(x => x.GetProperty("id").GetString()!).ToList());
    }

    private static async Task<(HttpStatusCode Status, string Body)> StartAsync(HttpClient http, string offer, string user, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Post, $"/v1/client/offers/{offer}/start", user);
        using var response = await http.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Imports the targeted offers (their own advertiser); returns the ids of those that target the load's users and of those that do not.</summary>
    private static async Task<(List<string> Targeting, List<string> NotTargeting)> ImportAsync(HttpClient http, string adminToken, string tag, CancellationToken ct)
    {
        var advertiser = await BenchSetup.AdminPostAsync(http, adminToken, "/admin/advertisers", new { name = $"Bench targeting {tag}" }, ct);
        var advertiserId = advertiser.GetProperty("id").GetInt64();
        var offers = new List<Dictionary<string, object?>>();
        List<string> targeting = [], notTargeting = [];
        for (var i = 0; i < TargetedOffers; i++)
        {
            var targets = i % 4 is 0 or 2;
            var id = $"tg-{tag}-{(targets ? "in" : "out")}-{i}";
            (targets ? targeting : notTargeting).Add(id);
            var offer = new Dictionary<string, object?>
            {
                ["id"] = id, ["advertiser_id"] = advertiserId, ["name"] = $"Targeted {i}", ["tracking_url"] = "https://t.example/{tx_id}",
                ["goals"] = new object[]
                {
                    new { id = "0", name = "Install", payout = 1m, reward = 0.5m },
                    new { id = "1", name = "Level 10", payout = 2m, reward = 1m },
                    new { id = "2", name = "Purchase", payout = 5m, reward = 1m, kind = "dynamic" },
                },
                ["caps"] = i % 8 < 4 ? LargeCaps : null,
            };
            switch (i % 4)
            {
                case 0: offer["countries"] = new[] { "US", "CA", "GB" }; offer["platforms"] = new[] { "android", "ios" }; break;
                case 1: offer["countries"] = new[] { "DE", "FR", "ES" }; break;
                case 2: offer["excluded_countries"] = new[] { "RU", "CN" }; offer["platforms"] = new[] { "android" }; offer["min_os_version"] = "8"; break;
                default: offer["countries"] = new[] { "US" }; offer["platforms"] = new[] { "ios" }; break;
            }
            offers.Add(offer);
        }
        await BenchSetup.AdminPostAsync(http, adminToken, "/admin/offers/import", offers, ct);
        return (targeting, notTargeting);
    }

    /// <summary>
    /// The <c>country-db</c> command: writes a MaxMind DB country database (Offerwall.Web.MmdbWriter, the server's own writer)
    /// in which loopback (127.0.0.0/8 and ::1) is <see cref="Country"/>, for the server's Geo:CountryDatabase.
    /// </summary>
    public static class CountryDatabase
    {
        public static int Write(string[] args)
        {
            if (args is not ["--out", var path])
            {
                Console.Error.WriteLine("Usage: Offerwall.Bench country-db --out FILE.mmdb");
                return 2;
            }
            new Offerwall.Web.MmdbWriter("Offerwall-Bench-Country")
                .Add(IPNetwork.Parse("127.0.0.0/8"), Offerwall.Web.MmdbWriter.CountryRecord(Country))
                .Add(IPNetwork.Parse("::1/128"), Offerwall.Web.MmdbWriter.CountryRecord(Country))
                .Write(path);
            Console.WriteLine($"{path}: 127.0.0.0/8 and ::1 → {Country}");
            return 0;
        }
    }
}
