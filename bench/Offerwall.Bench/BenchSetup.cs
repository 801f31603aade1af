using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>What a phase needs from the server: the advertiser's secret and the clicks to convert.</summary>
public sealed record BenchFixture(string AdvertiserSecret, string GoalId, IReadOnlyList<string> TxIds, long PartnerId)
{
    /// <summary>The offer's id (its public id).</summary>
    public string OfferId { get; init; } = "";
}

/// <summary>Creates the advertiser, offer, partner and clicks through the public admin and client APIs, as an operator and an app would.</summary>
public static class BenchSetup
{
    /// <param name="tag">Makes the offer, its users and its event ids new: an offer import updates an offer of the same id, which
    /// would move the offer of an earlier fixture to this fixture's advertiser.</param>
    /// <param name="caps">The offer's caps as the import takes them (snake_case keys), or null for an offer without caps.</param>
    /// <param name="deviceIds">Each click started with its own device (a new GAID), as an Android app sends it: the fraud rules about devices apply.</param>
    /// <param name="beforeClicks">Called with the partner's id once it exists, before its clicks are started (e.g. to set its fraud rules).</param>
    public static async Task<BenchFixture> CreateAsync(HttpClient http, string adminToken, int clicks, int concurrency, string tag, CancellationToken ct,
        object? caps = null, bool deviceIds = false, Func<long, Task>? beforeClicks = null)
    {
        var offerId = $"bench-{tag}";
        var advertiser = await AdminPostAsync(http, adminToken, "/admin/advertisers", new { name = $"Bench advertiser {tag}" }, ct);
        var advertiserId = advertiser.GetProperty("id").GetInt64();
        var secret = advertiser.GetProperty("secret").GetString()!;

        await AdminPostAsync(http, adminToken, "/admin/offers/import", new object[]
        {
            new
            {
                id = offerId, advertiser_id = advertiserId, name = "Bench", tracking_url = "https://t.example/{tx_id}", caps,
                goals = new object[]
                {
                    new { id = "0", name = "Install", payout = 1m, reward = 0.5m },
                    new { id = "1", name = "Purchase", payout = 5m, reward = 1m, kind = "dynamic" },
                },
            },
        }, ct);

        var partner = await AdminPostAsync(http, adminToken, "/admin/partners",
            new { name = $"Bench {tag}", currency_name = "Coins", currency_ratio = 100m, revenue_share = 0.5m }, ct);
        var appToken = partner.GetProperty("partner").GetProperty("app_token").GetString()!;
        var partnerId = partner.GetProperty("partner").GetProperty("id").GetInt64();
        if (beforeClicks is not null) await beforeClicks(partnerId);

        var txIds = new string[clicks];
        await Parallel.ForEachAsync(Enumerable.Range(0, clicks),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    var device = deviceIds ? $"?gaid={Guid.NewGuid()}" : "";
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/client/offers/{offerId}/start{device}");
                    request.Headers.Add("X-Api-Token", appToken);
                    // One user per click: a user has one click per offer, so distinct users give distinct tx_ids.
                    request.Headers.Add("X-User-Id", $"bench-{tag}-{i}");
                    using var response = await http.SendAsync(request, token);
                    var body = await response.Content.ReadAsStringAsync(token);
                    // The client API limits requests per app token and all clicks share one: wait as told, a bounded number of times.
                    if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxRateLimitedAttempts)
                    {
                        await Task.Delay(RetryDelay(response), token);
                        continue;
                    }
                    if (!response.IsSuccessStatusCode)
                        throw new BenchSetupException($"POST /v1/client/offers/{offerId}/start answered {(int)response.StatusCode}: {Shorten(body)}");
                    using var json = JsonDocument.Parse(body);
                    txIds[i] = json.RootElement.GetProperty("data").GetProperty("tx_id").GetString()!;
                    return;
                }
            });
        if (txIds.Distinct(StringComparer.Ordinal).Count() != txIds.Length)
            throw new BenchSetupException("The server gave two clicks the same tx_id.");

        return new BenchFixture(secret, $"{offerId}_1", txIds, partnerId) { OfferId = offerId };
    }

    private const int MaxRateLimitedAttempts = 10;

    private static TimeSpan RetryDelay(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero
            ? TimeSpan.FromTicks(Math.Min(delta.Ticks, TimeSpan.FromSeconds(30).Ticks))
            : TimeSpan.FromSeconds(1);

    public static Task<JsonElement> AdminPostAsync(HttpClient http, string adminToken, string path, object body, CancellationToken ct) =>
        AdminSendAsync(http, adminToken, HttpMethod.Post, path, body, ct);

    public static async Task<JsonElement> AdminSendAsync(HttpClient http, string adminToken, HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", adminToken);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new BenchSetupException($"{method} {path} answered {(int)response.StatusCode}: {Shorten(text)}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    /// <summary>Sends the partner's postbacks to the sink, signed GETs, one per ledger row.</summary>
    public static Task SetPostbackUrlAsync(HttpClient http, string adminToken, long partnerId, Sink sink, CancellationToken ct) =>
        AdminPostAsync(http, adminToken, $"/admin/partners/{partnerId}/postback",
            new { postback_url = sink.PostbackUrl, postback_format = "get", stateful_postbacks = false }, ct);

    public static string Shorten(string text) => Load.Shorten(text);
}
