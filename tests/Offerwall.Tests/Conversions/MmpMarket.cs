using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Conversions;

/// <summary>
/// An MMP advertiser made through the admin API, with one offer whose event map names "install" (flat, no hold), "af_level_10" and
/// an Adjust-style token "lvl10x" (flat, 24 h hold) and "af_purchase" (dynamic), and one partner; plus the MMP's postback.
/// </summary>
public sealed class MmpMarket
{
    private readonly AppFixture _app;
    public required long AdvertiserId { get; init; }
    public required string Token { get; init; }
    public required string Template { get; init; }
    public required string OfferId { get; init; }
    public required string AppToken { get; init; }
    public required long PartnerId { get; init; }
    public string Install => OfferId + "_0";
    public string Level => OfferId + "_1";
    public string Purchase => OfferId + "_2";

    private MmpMarket(AppFixture app) => _app = app;

    public static async Task<MmpMarket> CreateAsync(AppFixture app, string profile, string? mmpAuth = null, string? currency = null, string? allowedIps = null)
    {
        var advertiser = await Market.AdminAsync(app, "/admin/advertisers",
            new { name = "MMP advertiser", intake_profile = profile, mmp_auth = mmpAuth, currency, allowed_ips = allowedIps });
        var offerId = "m" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await Market.AdminAsync(app, "/admin/offers/import", new[]
        {
            new
            {
                id = offerId, advertiser_id = (long)advertiser["id"]!, name = "MMP Game", tracking_url = "https://app.appsflyer.com/com.example?pid=ow&clickid={tx_id}",
                goals = new object[]
                {
                    new { id = "0", name = "Install", payout = 1.5m, reward = 0.5m },
                    new { id = "1", name = "Reach level 10", payout = 2m, reward = 1.25m, hold_hours = 24 },
                    new { id = "2", name = "Purchase", payout = 10m, reward = 3m, kind = "dynamic", display_type = "commission" },
                },
            },
        });
        var map = await SendAdminAsync(app, HttpMethod.Put, $"/admin/offers/{offerId}/mmp-events",
            new { events = new Dictionary<string, string> { ["install"] = offerId + "_0", ["af_level_10"] = offerId + "_1", ["lvl10x"] = offerId + "_1",
                ["af_purchase"] = offerId + "_2", ["_install"] = offerId + "_0" } });
        Assert.Equal(HttpStatusCode.OK, map.Status);
        var partner = await Market.AdminAsync(app, "/admin/partners", new { name = "Partner", currency_name = "Coins", currency_ratio = 100m, revenue_share = 0.5m });
        return new MmpMarket(app)
        {
            AdvertiserId = (long)advertiser["id"]!, Token = (string)advertiser["token"]!, Template = (string)advertiser["postback_template"]!, OfferId = offerId,
            AppToken = (string)partner["partner"]!["app_token"]!, PartnerId = (long)partner["partner"]!["id"]!,
        };
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAdminAsync(AppFixture app, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
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

    /// <summary>The template as the MMP fills it: each macro replaced by its (URL-encoded) value, an unknown macro by nothing.</summary>
    public string Fill(IReadOnlyDictionary<string, string> macros, string? template = null)
    {
        var url = template ?? Template;
        foreach (var (macro, value) in macros.OrderByDescending(m => m.Key.Length)) url = url.Replace(macro, Uri.EscapeDataString(value), StringComparison.Ordinal);
        return url;
    }

    /// <summary>Sends <paramref name="url"/> (absolute or a path) from <paramref name="address"/>, with extra headers.</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(string url, string address = "198.51.100.20", params (string, string)[] headers)
    {
        var path = url.StartsWith("http", StringComparison.Ordinal) ? new Uri(url).PathAndQuery : url;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ClientAddressStartupFilter.Header, address);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        var response = await _app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}: {text}");
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>A postback in our own parameter names (the profile's), with the advertiser's token unless given.</summary>
    public Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(IEnumerable<(string Key, string Value)> parameters, string? token = null, string address = "198.51.100.20",
        params (string, string)[] headers) =>
        SendAsync($"/postbacks/mmp/{AdvertiserId}?" + string.Join('&', (token == "" ? parameters : parameters.Prepend(("token", token ?? Token)))
            .Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}")), address, headers);
}
