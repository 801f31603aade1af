using System.Net;
using System.Text.Json.Nodes;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Fraud;

/// <summary>
/// The risk report (GET /admin/reports/risk and .csv): per partner, offer and user, the conversions of the window and what became of them,
/// the reversal ratio, and what the rules flagged, held and rejected, in all and by rule; its filters and its bad input.
/// </summary>
public abstract class RiskReportTests(AppFixture app)
{
    /// <summary>
    /// Three offers of one partner: held (min_seconds_to_convert 60 s, hold), flagged (the same rule, flag) and rejected (reject);
    /// every conversion comes at the instant of its click. One flagged conversion is then reversed by the operator.
    /// </summary>
    private async Task<(Rig Rig, string Held, string Flagged, string Rejected)> WorldAsync()
    {
        var rig = await Rig.CreateAsync(app);
        var held = await rig.OfferAsync();
        var flagged = await rig.OfferAsync();
        var rejected = await rig.OfferAsync();
        await rig.SetForOfferAsync(held, "min_seconds_to_convert", "hold", 60);
        await rig.SetForOfferAsync(flagged, "min_seconds_to_convert", "flag", 60);
        await rig.SetForOfferAsync(rejected, "min_seconds_to_convert", "reject", 60);
        Assert.Equal("pending", (await rig.UserConvertsAsync(held, "u1")).Status);
        Assert.Equal("approved", (await rig.UserConvertsAsync(flagged, "u2")).Status);
        var reversed = await rig.UserConvertsAsync(flagged, "u3");
        await rig.Desk.OperatorAsync(reversed.Id, "reverse");
        Assert.Equal("cancelled", (await rig.UserConvertsAsync(rejected, "u4")).Status);
        return (rig, held, flagged, rejected);
    }

    private async Task<JsonArray> ReportAsync(string query, HttpStatusCode expect = HttpStatusCode.OK)
    {
        var (status, body) = await Rig.AdminAsync(app, HttpMethod.Get, "/admin/reports/risk" + query);
        Assert.True(status == expect, body?.ToJsonString());
        return expect == HttpStatusCode.OK ? body!.AsArray() : [];
    }

    private static string Counts(JsonNode row) => string.Join(" ", new[] { "conversions", "approved", "pending", "reversed", "cancelled", "flagged", "held", "rejected" }
        .Select(k => $"{k}={(long)row[k]!}")) + $" ratio={row["reversal_ratio"]?.ToJsonString() ?? "null"}";

    [Fact]
    public async Task PerPartnerItCountsEveryOutcomeAndEachRulesDecisions()
    {
        var (rig, _, _, _) = await WorldAsync();
        var row = Assert.Single(await ReportAsync($"?partner_id={rig.PartnerId}"));
        Assert.Equal(rig.PartnerId, (long)row!["partner_id"]!);
        Assert.Null(row["offer_id"]);
        Assert.Equal("conversions=4 approved=1 pending=1 reversed=1 cancelled=1 flagged=2 held=1 rejected=1 ratio=0.5", Counts(row));
        Assert.Equal("""{"min_seconds_to_convert":{"flagged":2,"held":1,"rejected":1}}""", row["by_rule"]!.ToJsonString());
    }

    [Fact]
    public async Task PerOfferAndPerUserMostConversionsFirst()
    {
        var (rig, held, flagged, rejected) = await WorldAsync();
        var offers = await ReportAsync($"?partner_id={rig.PartnerId}&group_by=offer");
        Assert.Equal([flagged, held, rejected], offers.Select(o => (string)o!["offer_id"]!));
        Assert.Equal("conversions=2 approved=1 pending=0 reversed=1 cancelled=0 flagged=2 held=0 rejected=0 ratio=0.5", Counts(offers[0]!));
        Assert.Equal("conversions=1 approved=0 pending=1 reversed=0 cancelled=0 flagged=0 held=1 rejected=0 ratio=null", Counts(offers[1]!));
        Assert.Equal("conversions=1 approved=0 pending=0 reversed=0 cancelled=1 flagged=0 held=0 rejected=1 ratio=null", Counts(offers[2]!));
        Assert.Null(offers[0]!["partner_id"]);

        var users = await ReportAsync($"?partner_id={rig.PartnerId}&group_by=user");
        Assert.Equal(["u1", "u2", "u3", "u4"], users.Select(u => (string)u!["user_id"]!).Order(StringComparer.Ordinal));
        Assert.All(users, u => Assert.Equal(rig.PartnerId, (long)u!["partner_id"]!));
        Assert.Equal("1", users.Single(u => (string)u!["user_id"]! == "u3")!["reversal_ratio"]!.ToJsonString());

        // One offer only, and a limit.
        Assert.Equal([flagged], (await ReportAsync($"?group_by=offer&offer_id={flagged}")).Select(o => (string)o!["offer_id"]!));
        Assert.Single(await ReportAsync($"?partner_id={rig.PartnerId}&group_by=offer&limit=1"));
        Assert.Empty(await ReportAsync("?offer_id=no-such-offer"));
    }

    [Fact]
    public async Task TheWindowIsUsEasternDaysAndBadInputIs400()
    {
        var (rig, _, _, _) = await WorldAsync();
        Assert.Empty(await ReportAsync($"?partner_id={rig.PartnerId}&from_date=2026-01-01&to_date=2026-01-31"));
        foreach (var bad in new[] { "?group_by=team", "?from_date=2026-13-01", "?from_date=2026-12-07&to_date=2026-12-01", "?to_date=yesterday" })
            await ReportAsync(bad, HttpStatusCode.BadRequest);
        var (status, _) = await Rig.AdminAsync(app, HttpMethod.Get, "/admin/reports/risk?limit=many");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task TheCsvHasOneLinePerRowAndEachRulesCountsInColumns()
    {
        var (rig, held, _, _) = await WorldAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/reports/risk.csv?partner_id={rig.PartnerId}&group_by=offer");
        request.Headers.Authorization = new("Bearer", AppFixture.AdminToken);
        using var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = text.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var header = lines[0].Split(',');
        Assert.Equal(["partner_id", "offer_id", "user_id", "conversions", "approved", "pending", "reversed", "cancelled", "reversal_ratio", "flagged", "held",
            "rejected"], header[..12]);
        Assert.Equal(12 + 12 * 3, header.Length);
        Assert.Equal(4, lines.Length);
        var line = lines.Single(l => l.Contains(held, StringComparison.Ordinal)).Split(',');
        Assert.Equal(["", held, "", "1", "0", "1", "0", "0", "", "0", "1", "0"], line[..12]);
        var column = Array.IndexOf(header, "min_seconds_to_convert_held");
        Assert.Equal("1", line[column]);
    }
}
