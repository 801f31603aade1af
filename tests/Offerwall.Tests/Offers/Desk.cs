using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>What the database holds of one conversion: its status, and the reasons of its history, oldest first.</summary>
public sealed record ConversionState(ConversionStatus Status, IReadOnlyList<string> Reasons, bool Paid);

/// <summary>
/// An advertiser and a partner made through the admin API, offers with delivery controls imported through it, and the calls of
/// the partner's app (client API), of the advertiser (signed postbacks, to any node) and of the partner's server (Data API).
/// Every offer imported has by default one flat goal "0" without hold: advertiser payout 1.5 USD, reward 0.5 USD.
/// </summary>
public sealed class Desk
{
    /// <summary>The tracking link: the click's tx_id, user, country and platform.</summary>
    public const string TrackingUrl = "https://track.example/c?tx={tx_id}&u={user_id}&c={country}&pf={platform}";

    public static readonly object Install = new { id = "0", name = "Install", payout = 1.5m, reward = 0.5m };

    public const string IPhone17 = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    public const string Android14 = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

    private readonly AppFixture _app;
    public required long AdvertiserId { get; init; }
    public required string Secret { get; init; }
    public required long PartnerId { get; init; }
    public required string AppToken { get; init; }
    public required string ServerKey { get; init; }

    private Desk(AppFixture app) => _app = app;

    public static async Task<Desk> CreateAsync(AppFixture app, string? postbackUrl = null)
    {
        var advertiser = await Market.AdminAsync(app, "/admin/advertisers", new { name = "Delivery advertiser" });
        var partner = await Market.AdminAsync(app, "/admin/partners", new
        {
            name = "Delivery partner", currency_name = "Coins", currency_ratio = 100m, revenue_share = 0.5m, postback_url = postbackUrl,
        });
        return new Desk(app)
        {
            AdvertiserId = (long)advertiser["id"]!, Secret = (string)advertiser["secret"]!, PartnerId = (long)partner["partner"]!["id"]!,
            AppToken = (string)partner["partner"]!["app_token"]!, ServerKey = (string)partner["server_key"]!,
        };
    }

    /// <summary>
    /// Imports one offer with <paramref name="fields"/> (snake_case, as operators write them) and <paramref name="goals"/>
    /// (default: <see cref="Install"/>); returns its id.
    /// </summary>
    public async Task<string> ImportAsync(Dictionary<string, object?>? fields = null, params object[] goals)
    {
        var id = "d" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var spec = new Dictionary<string, object?>
        {
            ["id"] = id, ["advertiser_id"] = AdvertiserId, ["name"] = "Delivery Game", ["tracking_url"] = TrackingUrl,
            ["goals"] = goals.Length == 0 ? new[] { Install } : goals,
        };
        foreach (var (key, value) in fields ?? []) spec[key] = value;
        await Market.AdminAsync(_app, "/admin/offers/import", new[] { spec });
        return id;
    }

    public static string Goal(string offerId, string goal = "0") => offerId + "_" + goal;

    /// <summary>GET /v1/client/offers for the user.</summary>
    public Task<ClientAnswer> ListAsync(string user, string query = "", params (string Name, string Value)[] headers) =>
        Shop.SendAsync(_app, HttpMethod.Get, "/v1/client/offers" + query, AppToken, user, headers);

    /// <summary>The ids of the offers the user may start (not the ones they started), among <paramref name="among"/>.</summary>
    public async Task<string[]> OffersAsync(string user, IEnumerable<string> among, string query = "", params (string Name, string Value)[] headers)
    {
        var answer = await ListAsync(user, query, headers);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        var mine = among.ToHashSet();
        return [.. answer.Data["offers"]!.AsArray().Select(o => (string)o!["id"]!).Where(mine.Contains).Order(StringComparer.Ordinal)];
    }

    /// <summary>POST …/start as the user's app would; the raw answer.</summary>
    public Task<ClientAnswer> StartAsync(string offerId, string user, string query = "", params (string Name, string Value)[] headers) =>
        Shop.SendAsync(_app, HttpMethod.Post, $"/v1/client/offers/{offerId}/start{query}", AppToken, user, headers);

    /// <summary>Starts the offer, which must succeed; returns the click's tx_id and the tracking link.</summary>
    public async Task<(string TxId, Uri ContinueUrl)> StartedAsync(string offerId, string user, string query = "", params (string Name, string Value)[] headers)
    {
        var answer = await StartAsync(offerId, user, query, headers);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{offerId} for {user}: {answer.Text}");
        return ((string)answer.Data["tx_id"]!, new Uri((string)answer.Data["continue_url"]!));
    }

    /// <summary>A signed advertiser postback to the fixture's node, or to <paramref name="client"/>'s.</summary>
    public Task<(HttpStatusCode Status, JsonObject Body)> PostbackAsync(string txId, string goalId, IEnumerable<(string, string)>? extra = null,
        HttpClient? client = null) =>
        Market.SendPostbackAsync(client ?? _app.Client, Secret, txId, goalId, extra);

    /// <summary>A postback that must be accepted; returns the conversion's id and the status the advertiser is told.</summary>
    public async Task<(long Id, string Status)> ConvertAsync(string txId, string goalId, params (string, string)[] extra)
    {
        var (status, body) = await PostbackAsync(txId, goalId, extra);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return ((long)body["transaction_id"]!, (string)body["conversion_status"]!);
    }

    /// <summary>Starts the offer for a new user and reports its goal: the conversion's id and status.</summary>
    public async Task<(long Id, string Status)> UserConvertsAsync(string offerId, string user, string goal = "0")
    {
        var (tx, _) = await StartedAsync(offerId, user);
        return await ConvertAsync(tx, Goal(offerId, goal));
    }

    /// <summary>The partner's Data API rows from 2026 to the day after the fake clock's.</summary>
    public async Task<JsonArray> LedgerAsync(HttpClient? client = null)
    {
        var to = _app.UtcNow.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/data/partner/conversions?from_date=2026-01-01&to_date={to}&per_page=1000");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServerKey);
        var response = await (client ?? _app.Client).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["data"]!.AsArray();
    }

    /// <summary>Clicks and users of this partner in the database: what a refused start must not change.</summary>
    public Task<(int Clicks, int Users)> FootprintAsync() => _app.WithDb(async db =>
        (await db.Clicks.CountAsync(c => c.PartnerId == PartnerId), await db.Users.CountAsync(u => u.PartnerId == PartnerId)));

    public Task<ConversionState> StateAsync(long id) => _app.WithDb(async db => new ConversionState(
        await db.Conversions.Where(c => c.Id == id).Select(c => c.Status).SingleAsync(),
        await db.ConversionChanges.Where(c => c.ConversionId == id).OrderBy(c => c.Id).Select(c => c.Reason).ToListAsync(),
        await db.Ledger.AnyAsync(l => l.TransactionId == id && !l.Reverse)));

    /// <summary>An operator's move of a conversion (approve, cancel, reverse).</summary>
    public Task<JsonObject> OperatorAsync(long id, string verb, HttpStatusCode expect = HttpStatusCode.OK) =>
        Market.AdminAsync(_app, $"/admin/conversions/{id}/{verb}", new { reason = "operator's decision" }, expect);

    /// <summary>The client API's refusal envelope: exactly error.details.{msg, http}, status "error" and a trace id. Returns msg.</summary>
    public static string Refusal(ClientAnswer answer, HttpStatusCode expected = HttpStatusCode.Forbidden)
    {
        Assert.True(answer.Status == expected, answer.Text);
        Assert.Equal(["error", "status", "trace_id"], SeedKeys.Of(answer.Body));
        Assert.Equal(["details"], SeedKeys.Of(answer.Body["error"]));
        Assert.Equal(["msg", "http"], SeedKeys.Of(answer.Body["error"]!["details"]));
        Assert.Equal($"{(int)expected} {(expected == HttpStatusCode.Forbidden ? "Forbidden" : expected.ToString())}", (string?)answer.Body["error"]!["details"]!["http"]);
        Assert.Equal("error", (string?)answer.Body["status"]);
        Assert.Matches("^[0-9a-f]{16}$", (string?)answer.Body["trace_id"]);
        return (string)answer.Body["error"]!["details"]!["msg"]!;
    }
}
