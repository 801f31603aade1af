using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>What the scenario needs from the server: the advertiser's secret and the clicks to convert.</summary>
public sealed record BenchFixture(string AdvertiserSecret, string GoalId, IReadOnlyList<string> TxIds, long PartnerId);

/// <summary>A setup step the server refused: the scenario cannot go on.</summary>
public sealed class BenchSetupException(string message) : Exception(message);

/// <summary>Creates the advertiser, offer, partner and clicks through the public admin and client APIs, as an operator and an app would.</summary>
public static class BenchSetup
{
    public const string OfferId = "bench1";

    public static async Task<BenchFixture> CreateAsync(HttpClient http, BenchOptions options, string tag, CancellationToken ct)
    {
        var advertiser = await AdminPostAsync(http, options, "/admin/advertisers", new { name = $"Bench advertiser {tag}" }, ct);
        var advertiserId = advertiser.GetProperty("id").GetInt64();
        var secret = advertiser.GetProperty("secret").GetString()!;

        await AdminPostAsync(http, options, "/admin/offers/import", new object[]
        {
            new
            {
                id = OfferId, advertiser_id = advertiserId, name = "Bench", tracking_url = "https://t.example/{tx_id}",
                goals = new object[]
                {
                    new { id = "0", name = "Install", payout = 1m, reward = 0.5m },
                    new { id = "1", name = "Purchase", payout = 5m, reward = 1m, kind = "dynamic" },
                },
            },
        }, ct);

        var partner = await AdminPostAsync(http, options, "/admin/partners",
            new { name = "Bench", currency_name = "Coins", currency_ratio = 100m, revenue_share = 0.5m }, ct);
        var appToken = partner.GetProperty("partner").GetProperty("app_token").GetString()!;
        var partnerId = partner.GetProperty("partner").GetProperty("id").GetInt64();

        var txIds = new string[options.Clicks];
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Clicks),
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/client/offers/{OfferId}/start");
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
                        throw new BenchSetupException($"POST /v1/client/offers/{OfferId}/start answered {(int)response.StatusCode}: {Shorten(body)}");
                    using var json = JsonDocument.Parse(body);
                    txIds[i] = json.RootElement.GetProperty("data").GetProperty("tx_id").GetString()!;
                    return;
                }
            });
        if (txIds.Distinct(StringComparer.Ordinal).Count() != txIds.Length)
            throw new BenchSetupException("The server gave two clicks the same tx_id.");

        return new BenchFixture(secret, $"{OfferId}_1", txIds, partnerId);
    }

    private const int MaxRateLimitedAttempts = 10;

    private static TimeSpan RetryDelay(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero
            ? TimeSpan.FromTicks(Math.Min(delta.Ticks, TimeSpan.FromSeconds(30).Ticks))
            : TimeSpan.FromSeconds(1);

    public static async Task<JsonElement> AdminPostAsync(HttpClient http, BenchOptions options, string path, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", options.AdminToken);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new BenchSetupException($"POST {path} answered {(int)response.StatusCode}: {Shorten(text)}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    public static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
