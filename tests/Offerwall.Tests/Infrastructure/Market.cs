using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Offerwall.Tests.Infrastructure;

/// <summary>
/// An advertiser, one offer and one partner, all made through the admin API, plus the calls a
/// test needs: start the offer for a user, send the advertiser's signed postback, read the Data API.
/// Goals of the offer: "_0" install (flat, no hold, reward 0.5, payout 1.5), "_1" level (flat,
/// 24 h hold, reward 1.25, payout 2), "_2" purchase (dynamic, no hold, reward 3 per payout 10).
/// </summary>
public sealed class Market
{
    private readonly AppFixture _app;
    public required long AdvertiserId { get; init; }
    public required string Secret { get; init; }
    public required string OfferId { get; init; }
    public required long PartnerId { get; init; }
    public required string ServerKey { get; init; }
    public required string AppToken { get; init; }
    public required string PostbackSecret { get; init; }
    public string Install => OfferId + "_0";
    public string Level => OfferId + "_1";
    public string Purchase => OfferId + "_2";

    private Market(AppFixture app) => _app = app;

    public static async Task<Market> CreateAsync(AppFixture app, decimal ratio = 100m, decimal share = 0.5m, int? timeLimitHours = null, bool stateful = false,
        string? postbackUrl = null, string postbackFormat = "get")
    {
        var advertiser = await AdminAsync(app, "/admin/advertisers", new { name = "Advertiser" });
        var offerId = "o" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await AdminAsync(app, "/admin/offers/import", new[]
        {
            new
            {
                id = offerId, advertiser_id = (long)advertiser["id"]!, name = "Test Game", tracking_url = "https://track.example/c?tx={tx_id}&u={user_id}",
                time_limit_hours = timeLimitHours,
                goals = new object[]
                {
                    new { id = "0", name = "Install", payout = 1.5m, reward = 0.5m },
                    new { id = "1", name = "Reach level 10", payout = 2m, reward = 1.25m, hold_hours = 24 },
                    new { id = "2", name = "Purchase", payout = 10m, reward = 3m, kind = "dynamic", display_type = "commission" },
                },
            },
        });
        var partner = await AdminAsync(app, "/admin/partners", new
        {
            name = "Partner", currency_name = "Coins", currency_ratio = ratio, revenue_share = share, stateful_postbacks = stateful,
            postback_url = postbackUrl, postback_format = postbackFormat,
        });
        return new Market(app)
        {
            AdvertiserId = (long)advertiser["id"]!, Secret = (string)advertiser["secret"]!, OfferId = offerId,
            PartnerId = (long)partner["partner"]!["id"]!, ServerKey = (string)partner["server_key"]!, AppToken = (string)partner["partner"]!["app_token"]!,
            PostbackSecret = (string)partner["postback_secret"]!,
        };
    }

    public static async Task<JsonObject> AdminAsync(AppFixture app, string path, object? body = null, HttpStatusCode expect = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode && expect == HttpStatusCode.OK)
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
        Assert.Equal(expect == HttpStatusCode.OK ? response.StatusCode : expect, response.StatusCode);
        return text.Length == 0 ? [] : JsonNode.Parse(text) is JsonObject o ? o : new JsonObject { ["items"] = JsonNode.Parse(text) };
    }

    public async Task<string> StartAsync(string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/client/offers/{OfferId}/start");
        request.Headers.Add("X-Api-Token", AppToken);
        request.Headers.Add("X-User-Id", userId);
        var response = await _app.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["tx_id"]!;
    }

    public static string Sign(string secret, IEnumerable<(string Key, string Value)> parameters)
    {
        var canonical = string.Join('&', parameters.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Sends a signed postback (or one with <paramref name="signature"/> as given); returns status and body.</summary>
    public Task<(HttpStatusCode Status, JsonObject Body)> PostbackAsync(string txId, string goalId, IEnumerable<(string, string)>? extra = null, string? signature = null,
        HttpClient? client = null) =>
        SendPostbackAsync(client ?? _app.Client, Secret, txId, goalId, extra, signature);

    /// <summary>An advertiser's postback signed with <paramref name="secret"/> (or carrying <paramref name="signature"/> as given).</summary>
    public static async Task<(HttpStatusCode Status, JsonObject Body)> SendPostbackAsync(HttpClient client, string secret, string txId, string goalId,
        IEnumerable<(string, string)>? extra = null, string? signature = null)
    {
        var parameters = new List<(string Key, string Value)> { ("tx_id", txId), ("goal_id", goalId) };
        parameters.AddRange(extra ?? []);
        signature ??= Sign(secret, parameters);
        var query = string.Join('&', parameters.Append((Key: "signature", Value: signature)).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var response = await client.GetAsync("/postbacks/advertiser?" + query);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>
    /// Gives the partner a postback URL straight in the database (the admin API would refuse a
    /// loopback URL here), so its conversions queue deliveries; the SSRF guard of a fixture that does
    /// not allow private networks then refuses to connect, so nothing leaves the test.
    /// </summary>
    public Task GiveUnreachablePostbackUrlAsync() => _app.WithDb(db =>
        db.Partners.Where(p => p.Id == PartnerId).ExecuteUpdateAsync(s => s.SetProperty(p => p.PostbackUrl, "http://127.0.0.1:9/pb?tx={transaction_id}")));

    /// <summary>GET with the partner's server key; returns status and parsed body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> PartnerGetAsync(string path, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServerKey);
        var response = await _app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>The partner's Data API rows for the days around the fake clock.</summary>
    public async Task<JsonArray> LedgerAsync(string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/partner/conversions?from_date=2026-01-01&to_date=2027-12-31" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServerKey);
        var response = await _app.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray();
    }
}
