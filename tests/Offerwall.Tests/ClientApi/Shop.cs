using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

/// <summary>A client API answer: the status, the parsed body and the raw text (for exact key order).</summary>
public sealed record ClientAnswer(HttpStatusCode Status, JsonObject Body, string Text, IReadOnlyDictionary<string, string> Headers)
{
    public JsonNode Data => Body["data"] ?? throw new InvalidOperationException($"No data in {Text}");
    public string? ErrorMessage => (string?)Body["error"]?["details"]?["msg"];
}

/// <summary>A goal of an imported offer: its public id, the uuid the client API shows, and its row id.</summary>
public sealed record ShopGoal(string PublicId, Guid Uuid, long Id)
{
    public string UuidText => Uuid.ToString();
}

public sealed record ShopOffer(string Id, IReadOnlyList<ShopGoal> Goals)
{
    public ShopGoal this[int position] => Goals[position];
}

/// <summary>
/// An advertiser and a partner made through the admin API, offers of each test's own design
/// imported through it, and the calls of the partner's app (client API) and of the advertiser
/// (signed postbacks) over HTTP.
/// </summary>
public sealed class Shop
{
    public const string TrackingUrl = "https://track.example/c?tx={tx_id}&u={user_id}&p={partner_id}&o={offer_id}";

    private readonly AppFixture _app;
    public required long AdvertiserId { get; init; }
    public required string Secret { get; init; }
    public required long PartnerId { get; init; }
    public required string AppToken { get; init; }

    private Shop(AppFixture app) => _app = app;

    public static async Task<Shop> CreateAsync(AppFixture app, decimal ratio = 100m, bool surveys = false)
    {
        var advertiser = await Market.AdminAsync(app, "/admin/advertisers", new { name = "Client API advertiser" });
        var (partnerId, token) = await NewPartnerAsync(app, ratio, surveys);
        return new Shop(app) { AdvertiserId = (long)advertiser["id"]!, Secret = (string)advertiser["secret"]!, PartnerId = partnerId, AppToken = token };
    }

    /// <summary>Another partner (its own app token) selling the same advertiser's offers.</summary>
    public async Task<Shop> OtherPartnerAsync(decimal ratio = 100m, bool surveys = false)
    {
        var (partnerId, token) = await NewPartnerAsync(_app, ratio, surveys);
        return new Shop(_app) { AdvertiserId = AdvertiserId, Secret = Secret, PartnerId = partnerId, AppToken = token };
    }

    private static async Task<(long Id, string AppToken)> NewPartnerAsync(AppFixture app, decimal ratio, bool surveys)
    {
        var partner = await Market.AdminAsync(app, "/admin/partners", new
        {
            name = "Client API partner", currency_name = "Coins", currency_ratio = ratio, revenue_share = 0.5m, surveys_enabled = surveys,
        });
        return ((long)partner["partner"]!["id"]!, (string)partner["partner"]!["app_token"]!);
    }

    /// <summary>Imports one offer with these goals (snake_case objects, as operators write them) and <paramref name="extra"/> offer fields.</summary>
    public async Task<ShopOffer> ImportAsync(object[] goals, Dictionary<string, object?>? extra = null)
    {
        var id = "c" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var spec = new Dictionary<string, object?>
        {
            ["id"] = id, ["advertiser_id"] = AdvertiserId, ["name"] = "Client Game", ["tracking_url"] = TrackingUrl, ["goals"] = goals,
        };
        foreach (var (key, value) in extra ?? []) spec[key] = value;
        await Market.AdminAsync(_app, "/admin/offers/import", new[] { spec });
        var goalRows = await _app.WithDb(db => (
            from g in db.Goals
            join o in db.Offers on g.OfferId equals o.Id
            where o.PublicId == id
            orderby g.Position
            select new ShopGoal(g.PublicId, g.Uuid, g.Id)).ToListAsync());
        return new ShopOffer(id, goalRows);
    }

    public Task<ClientAnswer> GetAsync(string path, string userId, string? token = null, params (string Name, string Value)[] headers) =>
        SendAsync(_app, HttpMethod.Get, path, token ?? AppToken, userId, headers);

    public Task<ClientAnswer> PostAsync(string path, string userId, string? token = null, params (string Name, string Value)[] headers) =>
        SendAsync(_app, HttpMethod.Post, path, token ?? AppToken, userId, headers);

    public Task<ClientAnswer> DetailsAsync(string offerId, string userId, string? token = null) =>
        GetAsync($"/v1/client/user/history/offers/{offerId}", userId, token);

    /// <summary>Starts the offer for the user; returns the click's tx_id.</summary>
    public async Task<string> StartAsync(string offerId, string userId, params (string Name, string Value)[] headers)
    {
        var answer = await PostAsync($"/v1/client/offers/{offerId}/start", userId, null, headers);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        return (string)answer.Data["tx_id"]!;
    }

    /// <summary>Any client API request; null token or user id: the header is not sent. Headers are added without validation.</summary>
    public static async Task<ClientAnswer> SendAsync(AppFixture app, HttpMethod method, string path, string? token, string? userId,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.TryAddWithoutValidation("X-Api-Token", token);
        if (userId is not null) request.Headers.TryAddWithoutValidation("X-User-Id", userId);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text)!.AsObject() : [];
        var responseHeaders = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ClientAnswer(response.StatusCode, body, text, responseHeaders);
    }

    /// <summary>The advertiser's signed postback; returns the conversion's transaction id.</summary>
    public async Task<long> PostbackAsync(string txId, string goalId, params (string Key, string Value)[] extra)
    {
        var (status, body) = await Market.SendPostbackAsync(_app.Client, Secret, txId, goalId, extra.Select(p => (p.Key, p.Value)));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return (long)body["transaction_id"]!;
    }

    /// <summary>An operator's move of a conversion: approve, cancel or reverse.</summary>
    public Task MoveAsync(long transactionId, string verb) =>
        Market.AdminAsync(_app, $"/admin/conversions/{transactionId}/{verb}", new { reason = "test" });

    public Task<JsonObject> PromoteAsync(string? offerId, decimal multiplier, decimal bonus, DateTime startsAt, DateTime endsAt) =>
        Market.AdminAsync(_app, "/admin/promotions", new
        {
            offer_id = offerId, partner_id = PartnerId, multiplier, bonus, starts_at = startsAt, ends_at = endsAt,
        });

    /// <summary>Clicks and users of this partner in the database (what a refused request must not change).</summary>
    public Task<(int Clicks, int Users)> FootprintAsync() => _app.WithDb(async db =>
        (await db.Clicks.CountAsync(c => c.PartnerId == PartnerId), await db.Users.CountAsync(u => u.PartnerId == PartnerId)));
}
