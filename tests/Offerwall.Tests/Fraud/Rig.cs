using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.Fraud;

/// <summary>
/// A <see cref="Desk"/> (an advertiser and a partner made through the admin API) with the calls the fraud tests make: the rules'
/// settings (PUT, GET, DELETE /admin/fraud/rules), offers with several flat goals (so one click converts several times), starts with
/// device ids, signed postbacks, the review queue and the reasons the conversions' histories give.
/// </summary>
public sealed class Rig
{
    private readonly AppFixture _app;

    public Desk Desk { get; }
    public long PartnerId => Desk.PartnerId;

    private Rig(AppFixture app, Desk desk)
    {
        _app = app;
        Desk = desk;
    }

    public static async Task<Rig> CreateAsync(AppFixture app) => new(app, await Desk.CreateAsync(app));

    /// <summary>An offer with <paramref name="goals"/> flat goals "0", "1", … (payout 1.5 USD, reward 0.5 USD), each held <paramref name="holdHours"/>.</summary>
    public Task<string> OfferAsync(int goals = 1, int holdHours = 0, string? trackingUrl = null) => Desk.ImportAsync(
        trackingUrl is null ? null : new() { ["tracking_url"] = trackingUrl },
        [.. Enumerable.Range(0, goals).Select(g => new { id = $"{g}", name = $"Goal {g}", payout = 1.5m, reward = 0.5m, hold_hours = holdHours })]);

    /// <summary>Starts the offer (must succeed); the click's tx_id.</summary>
    public async Task<string> StartAsync(string offer, string user, string query = "") => (await Desk.StartedAsync(offer, user, query)).TxId;

    /// <summary>A postback of the goal, which must be accepted: the conversion's id and the status the advertiser is told.</summary>
    public Task<(long Id, string Status)> ConvertAsync(string tx, string offer, string goal = "0", params (string, string)[] extra) =>
        Desk.ConvertAsync(tx, Desk.Goal(offer, goal), extra);

    /// <summary>A postback to the given node; the conversion's id and status.</summary>
    public async Task<(long Id, string Status)> ConvertOnAsync(HttpClient node, string tx, string offer, string goal = "0")
    {
        var (status, body) = await Desk.PostbackAsync(tx, Desk.Goal(offer, goal), client: node);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return ((long)body["transaction_id"]!, (string)body["conversion_status"]!);
    }

    /// <summary>A new user starts the offer and converts its goal "0" at once.</summary>
    public async Task<(long Id, string Status)> UserConvertsAsync(string offer, string user, string query = "") =>
        await ConvertAsync(await StartAsync(offer, user, query), offer);

    public Task<ConversionState> StateAsync(long id) => Desk.StateAsync(id);

    /// <summary>The reasons of the conversion's history, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ReasonsAsync(long id) => (await Desk.StateAsync(id)).Reasons;

    /// <summary>The conversion's review state and the rules that put it there.</summary>
    public Task<(ReviewState Review, string Rules)> ReviewOfAsync(long id) => _app.WithDb(async db =>
        await db.Conversions.Where(c => c.Id == id).Select(c => new ValueTuple<ReviewState, string>(c.Review, c.ReviewRules)).SingleAsync());

    /// <summary>Sets a rule for this partner through the admin API (must succeed).</summary>
    public Task SetAsync(string rule, string outcome, long? limit = null) => PutOkAsync(rule, new { partner_id = PartnerId, limit, outcome });

    /// <summary>Sets a rule for one offer through the admin API (must succeed).</summary>
    public Task SetForOfferAsync(string offer, string rule, string outcome, long? limit = null) => PutOkAsync(rule, new { offer_id = offer, limit, outcome });

    private async Task PutOkAsync(string rule, object body)
    {
        var (status, answer) = await PutRuleAsync(rule, body);
        Assert.True(status == HttpStatusCode.OK, answer?.ToJsonString());
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> PutRuleAsync(string rule, object body, HttpClient? node = null) =>
        AdminAsync(_app, HttpMethod.Put, $"/admin/fraud/rules/{rule}", body, node);

    /// <summary>The review queue as GET /admin/review answers (must be 200).</summary>
    public async Task<JsonArray> ReviewAsync(string query = "")
    {
        var (status, body) = await AdminAsync(_app, HttpMethod.Get, "/admin/review" + query);
        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());
        return body!.AsArray();
    }

    /// <summary>The transaction ids of the review queue's answer, in its order.</summary>
    public async Task<long[]> ReviewIdsAsync(string query = "") => [.. (await ReviewAsync(query)).Select(r => (long)r!["transaction_id"]!)];

    /// <summary>The transaction ids of the partner's Data API rows, a reversal's suffixed "r".</summary>
    public async Task<string[]> LedgerAsync() =>
        [.. (await Desk.LedgerAsync()).Select(r => $"{(long)r!["transaction_id"]!}{(r["reverse"] is null ? "" : "r")}").Order(StringComparer.Ordinal)];

    /// <summary>Any admin API call; the status and the parsed body (null when empty).</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> AdminAsync(AppFixture app, HttpMethod method, string path, object? body = null,
        HttpClient? node = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        using var response = await (node ?? app.Client).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>The reason a new conversion's history gives when the rules decided: "reported; held for review by fraud rules: rule (figures)".</summary>
    public static string Reason(string outcome, params string[] findings) =>
        $"reported; {outcome switch { "reject" => "rejected", "hold" => "held for review", _ => "flagged for review" }} by fraud rules: {string.Join("; ", findings)}";
}
