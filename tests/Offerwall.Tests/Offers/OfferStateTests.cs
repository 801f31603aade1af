using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>
/// What the operator sees and sets (admin API and CLI): an offer's budget_status (active, capped, scheduled, paused) and why,
/// its caps left and budget spent today and in all, and the operator's pause, which hides an offer until resumed, whatever a
/// re-import says.
/// </summary>
public abstract class OfferStateTests(AppFixture app, string connectionString)
{
    private async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) is JsonObject o ? o : new JsonObject { ["items"] = JsonNode.Parse(text) });
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private async Task<JsonObject> StateAsync(string offerId)
    {
        var (status, body) = await GetAsync($"/admin/offers/{offerId}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    [Fact]
    public async Task CapsShowWhatIsLeftAndAReachedCapMakesTheOfferCappedWithItsReason()
    {
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(new() { ["caps"] = new { daily_conversions = 2, total_budget = 10m } });
        var fresh = await StateAsync(offer);
        Assert.Equal(("active", null), ((string?)fresh["budget_status"], (string?)fresh["paused_reason"]));

        var (tx1, _) = await desk.StartedAsync(offer, "u1");
        var (tx2, _) = await desk.StartedAsync(offer, "u2");
        await desk.ConvertAsync(tx1, Desk.Goal(offer));
        var one = await StateAsync(offer);
        Assert.Equal("active", (string?)one["budget_status"]);
        Assert.Equal((1, 2, 1), ((int)one["today"]!["conversions"]!, (int)one["today"]!["conversions_cap"]!, (int)one["today"]!["conversions_left"]!));
        Assert.Equal("total", (string?)one["total"]!["day"]);
        Assert.Equal((1.5m, 10m, 8.5m), ((decimal)one["total"]!["spent"]!, (decimal)one["total"]!["budget"]!, (decimal)one["total"]!["budget_left"]!));

        await desk.ConvertAsync(tx2, Desk.Goal(offer));
        var capped = await StateAsync(offer);
        Assert.Equal("capped", (string?)capped["budget_status"]);
        Assert.StartsWith("daily conversions cap reached; resets at ", (string?)capped["paused_reason"]);
        Assert.Equal((string?)capped["today"]!["resets_at"], ((string?)capped["paused_reason"])!["daily conversions cap reached; resets at ".Length..]);
        // The list says the same, and users see it no more.
        var (_, list) = await GetAsync("/admin/offers");
        Assert.Equal("capped", (string?)list["items"]!.AsArray().Single(o => (string?)o!["id"] == offer)!["budget_status"]);
        Assert.Empty(await desk.OffersAsync("u3", [offer]));
    }

    [Fact]
    public async Task PauseHidesTheOfferUntilResumeAndAReimportDoesNotResumeIt()
    {
        var desk = await Desk.CreateAsync(app);
        var fields = new Dictionary<string, object?> { ["is_active"] = true };
        var offer = await desk.ImportAsync(fields);
        Assert.Equal([offer], await desk.OffersAsync("u", [offer]));

        var (_, paused) = await PostAsync($"/admin/offers/{offer}/pause");
        Assert.Equal(("paused", "paused by the operator", true), ((string?)paused["budget_status"], (string?)paused["paused_reason"], (bool)paused["paused_by_operator"]!));
        Assert.Empty(await desk.OffersAsync("u", [offer]));
        var refused = await desk.StartAsync(offer, "u");
        Assert.Equal((HttpStatusCode.Forbidden, "offer is not running"), (refused.Status, refused.ErrorMessage));

        // The catalog's is_active is not the operator's pause: importing the offer again leaves it paused.
        await Market.AdminAsync(app, "/admin/offers/import", new[] { new Dictionary<string, object?>
        {
            ["id"] = offer, ["advertiser_id"] = desk.AdvertiserId, ["name"] = "Delivery Game", ["tracking_url"] = Desk.TrackingUrl,
            ["goals"] = new[] { Desk.Install }, ["is_active"] = true,
        } });
        Assert.Equal("paused", (string?)(await StateAsync(offer))["budget_status"]);

        var (_, resumed) = await PostAsync($"/admin/offers/{offer}/resume");
        Assert.Equal(("active", false), ((string?)resumed["budget_status"], (bool)resumed["paused_by_operator"]!));
        Assert.Equal([offer], await desk.OffersAsync("u", [offer]));
    }

    [Fact]
    public async Task AnOfferNotYetStartedIsScheduledAndAnUnknownOneIsNotFound()
    {
        var desk = await Desk.CreateAsync(app);
        var starts = app.UtcNow.AddDays(2);
        var offer = await desk.ImportAsync(new() { ["starts_at"] = starts.ToString("O") });
        var state = await StateAsync(offer);
        Assert.Equal("scheduled", (string?)state["budget_status"]);
        Assert.StartsWith("starts at ", (string?)state["paused_reason"]);

        var (status, problem) = await GetAsync("/admin/offers/no-such-offer");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("No offer has id no-such-offer.", (string?)problem["detail"]);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/admin/offers/no-such-offer/pause")).Status);
    }

    [Fact]
    public async Task TheCommandLineShowsPausesAndResumesTheSameState()
    {
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(new() { ["caps"] = new { total_conversions = 5 }, ["countries"] = new[] { "US", "CA" } });

        var shown = await CliRunner.SucceedsAsync(app, connectionString, ["offers", "show", "--id", offer]);
        Assert.Equal("active", shown.Value("Status"));
        Assert.Equal("US, CA", shown.Value("Countries"));
        Assert.Equal("0 of 5 conversions (5 left), 0 USD spent", shown.Value("In all"));

        var paused = await CliRunner.SucceedsAsync(app, connectionString, ["offers", "pause", "--id", offer]);
        Assert.Equal("paused: paused by the operator", paused.Value("Status"));
        Assert.Equal("paused", (string?)(await StateAsync(offer))["budget_status"]);
        Assert.Contains(offer, (await CliRunner.SucceedsAsync(app, connectionString, ["offers", "list"])).Output);
        await CliRunner.SucceedsAsync(app, connectionString, ["offers", "resume", "--id", offer]);
        Assert.Equal("active", (string?)(await StateAsync(offer))["budget_status"]);

        var unknown = await CliRunner.RunAsync(app, connectionString, ["offers", "show", "--id", "no-such-offer"]);
        Assert.Equal(1, unknown.Exit);
    }
}
