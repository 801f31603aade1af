using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

/// <summary>
/// One goal paused, resumed and edited by the operator, over real HTTP (POST /admin/offers/{id}/goals/{goal_id}/pause and /resume,
/// PATCH /admin/offers/{id}/goals/{goal_id}) and through the command line (`offers goals …`), which calls the same operations; and what
/// users and partners are then offered.
/// </summary>
public abstract class GoalManagementTests(AppFixture app, string connectionString)
{
    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<JsonNode> OkAsync(HttpMethod method, string path, string? json = null)
    {
        var (status, body) = await SendAsync(method, path, json);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path} answered {(int)status}: {body?.ToJsonString()}");
        return body!;
    }

    /// <summary>The names of the offer's events in the user's wall (GET /v1/client/offers), among the offers to start or the started ones.</summary>
    private async Task<List<string>?> WallEventsAsync(Market m, string user, bool started = false)
    {
        var answer = await Shop.SendAsync(app, HttpMethod.Get, "/v1/client/offers", m.AppToken, user);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var offer = answer.Data[started ? "started_offers" : "offers"]!.AsArray().SingleOrDefault(o => (string?)o!["id"] == m.OfferId);
        return offer?["events"]!.AsArray().Select(e => (string)e!["name"]!).ToList();
    }

    /// <summary>The names of the offer's events in BitLabs' list (GET /v2/client/offers).</summary>
    private async Task<List<string>?> V2EventsAsync(Market m, string user)
    {
        var answer = await Shop.SendAsync(app, HttpMethod.Get, "/v2/client/offers", m.AppToken, user);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var rowId = await app.WithDb(db => db.Offers.Where(o => o.PublicId == m.OfferId).Select(o => o.Id).SingleAsync());
        var offer = answer.Data["offers"]!.AsArray().SingleOrDefault(o => (long)o!["id"]! == rowId);
        return offer?["events"]!.AsArray().Select(e => (string)e!["name"]!).ToList();
    }

    /// <summary>The user's offer details (GET /v1/client/user/history/offers/{id}): its events' names and total points.</summary>
    private async Task<(List<string> Events, string TotalPoints)> DetailsAsync(Market m, string user)
    {
        var answer = await Shop.SendAsync(app, HttpMethod.Get, $"/v1/client/user/history/offers/{m.OfferId}", m.AppToken, user);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return (answer.Data["events"]!.AsArray().Select(e => (string)e!["name"]!).ToList(), (string)answer.Data["total_points"]!);
    }

    /// <summary>The offer in the partner's catalog (GET /data/partner/offers, every page); null when <paramref name="status"/> leaves it out.</summary>
    private static async Task<JsonNode?> CatalogAsync(Market m, string status = "active")
    {
        for (var page = 1; ; page++)
        {
            var (code, body) = await m.PartnerGetAsync($"/data/partner/offers?status={status}&per_page=500&page={page}");
            Assert.Equal(HttpStatusCode.OK, code);
            if (body!["data"]!.AsArray().FirstOrDefault(o => (string?)o!["offer_id"] == m.OfferId) is { } offer) return offer;
            if (page >= (int)body["meta"]!["last_page"]!) return null;
        }
    }

    private async Task<Dictionary<string, bool>> PausedAsync(Market m) =>
        (await OkAsync(HttpMethod.Get, $"/admin/offers/{m.OfferId}/goals")).AsArray().ToDictionary(g => (string)g!["id"]!, g => (bool)g!["paused"]!);

    [Fact]
    public async Task APausedGoalIsNoLongerOfferedUntilResumedAndItsConversionsAreStillRecorded()
    {
        var m = await Market.CreateAsync(app);
        var path = $"/admin/offers/{m.OfferId}/goals/{m.Level}";
        Assert.Equal(["Install", "Reach level 10", "Purchase"], await WallEventsAsync(m, "fresh"));
        var starter = await m.StartAsync("starter");
        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(starter, m.Install)).Status);

        var paused = await OkAsync(HttpMethod.Post, path + "/pause");
        Assert.Equal((m.Level, true), ((string?)paused["id"], (bool)paused["paused"]!));
        // Pausing again changes nothing; only that goal is paused.
        Assert.True((bool)(await OkAsync(HttpMethod.Post, path + "/pause"))["paused"]!);
        Assert.Equal(new Dictionary<string, bool> { [m.Install] = false, [m.Level] = true, [m.Purchase] = false }, await PausedAsync(m));

        // Users are offered the other goals: in both lists, in the details of a started offer, and partners' catalogs say the same.
        Assert.Equal(["Install", "Purchase"], await WallEventsAsync(m, "fresh"));
        Assert.Equal(["Install", "Purchase"], await WallEventsAsync(m, "starter", started: true));
        Assert.Equal(["Install", "Purchase"], await V2EventsAsync(m, "fresh"));
        var (events, total) = await DetailsAsync(m, "starter");
        Assert.Equal(["Install", "Purchase"], events);
        Assert.Equal("350.00", total);   // 0.5 + 3 USD at 100 coins per USD, without the level's 1.25
        var listed = await CatalogAsync(m);
        Assert.Equal("active", (string?)listed!["budget_status"]);
        Assert.Equal([m.Install, m.Purchase], listed["goals"]!.AsArray().Select(g => (string)g!["goal_id"]!));
        Assert.Equal("active", (string?)(await OkAsync(HttpMethod.Get, $"/admin/offers/{m.OfferId}"))["budget_status"]);
        // A new user may still start the offer.
        await m.StartAsync("newcomer");

        // The advertiser's report of the paused goal is recorded, as a paused offer's is; the user then sees it with their progress.
        var (status, recorded) = await m.PostbackAsync(starter, m.Level);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pending", (string?)recorded["conversion_status"]);
        Assert.Equal(["Install", "Reach level 10", "Purchase"], (await DetailsAsync(m, "starter")).Events);
        Assert.Equal(["Install", "Purchase"], (await DetailsAsync(m, "newcomer")).Events);

        var resumed = await OkAsync(HttpMethod.Post, path + "/resume");
        Assert.False((bool)resumed["paused"]!);
        Assert.False((bool)(await OkAsync(HttpMethod.Post, path + "/resume"))["paused"]!);
        Assert.Equal(["Install", "Reach level 10", "Purchase"], await WallEventsAsync(m, "fresh"));
        Assert.Equal(["Install", "Reach level 10", "Purchase"], (await DetailsAsync(m, "newcomer")).Events);
        Assert.Equal(3, (await CatalogAsync(m))!["goals"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(await m.StartAsync("later"), m.Level)).Status);
    }

    [Fact]
    public async Task AnOfferWithEveryGoalPausedIsPausedForUsersUntilOneIsResumed()
    {
        var m = await Market.CreateAsync(app);
        var started = await m.StartAsync("before");
        foreach (var goal in new[] { m.Install, m.Level, m.Purchase })
            await OkAsync(HttpMethod.Post, $"/admin/offers/{m.OfferId}/goals/{goal}/pause");

        var offer = await OkAsync(HttpMethod.Get, $"/admin/offers/{m.OfferId}");
        Assert.Equal(("paused", "every goal paused by the operator", false),
            ((string?)offer["budget_status"], (string?)offer["paused_reason"], (bool)offer["paused_by_operator"]!));
        Assert.Null(await WallEventsAsync(m, "fresh"));
        var refused = await Shop.SendAsync(app, HttpMethod.Post, $"/v1/client/offers/{m.OfferId}/start", m.AppToken, "fresh");
        Assert.Equal((HttpStatusCode.Forbidden, "offer is not running"), (refused.Status, refused.ErrorMessage));
        Assert.Null(await CatalogAsync(m));
        Assert.Equal("paused", (string?)(await CatalogAsync(m, "paused"))!["budget_status"]);
        // Who started keeps the offer, with nothing left to reach, and their conversions are still recorded.
        Assert.Equal([], await WallEventsAsync(m, "before", started: true));
        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(started, m.Install)).Status);
        Assert.Equal(["Install"], (await DetailsAsync(m, "before")).Events);

        await OkAsync(HttpMethod.Post, $"/admin/offers/{m.OfferId}/goals/{m.Purchase}/resume");
        Assert.Equal("active", (string?)(await OkAsync(HttpMethod.Get, $"/admin/offers/{m.OfferId}"))["budget_status"]);
        Assert.Equal(["Purchase"], await WallEventsAsync(m, "fresh"));
        Assert.Equal("active", (string?)(await CatalogAsync(m))!["budget_status"]);
    }

    [Fact]
    public async Task AGoalIsEditedByTheImportsRulesAndOnlyTheFieldsSentChange()
    {
        var m = await Market.CreateAsync(app);
        var path = $"/admin/offers/{m.OfferId}/goals/{m.Level}";
        var edited = await OkAsync(HttpMethod.Patch, path,
            """{"name":"Reach level 20","payout":2.5,"reward":1.5,"hold_hours":48,"time_limit_hours":72,"caps":{"daily_conversions":5,"total_budget":100}}""");
        Assert.Equal(("Reach level 20", 2.5m, 1.5m, 48, 72), ((string?)edited["name"], (decimal)edited["payout"]!, (decimal)edited["reward"]!,
            (int)edited["hold_hours"]!, (int)edited["time_limit_hours"]!));
        Assert.Equal((5, null, null, 100m), ((int?)edited["caps"]!["daily_conversions"], (int?)edited["caps"]!["total_conversions"],
            (decimal?)edited["caps"]!["daily_budget"], (decimal?)edited["caps"]!["total_budget"]));
        Assert.Equal(edited.ToJsonString(), (await OkAsync(HttpMethod.Get, $"/admin/offers/{m.OfferId}/goals")).AsArray()[1]!.ToJsonString());
        // The goal's caps count as the offer's state shows them.
        var state = await OkAsync(HttpMethod.Get, $"/admin/offers/{m.OfferId}");
        var goalCaps = state["goals"]!.AsArray().Single(g => (string?)g!["goal_id"] == m.Level)!;
        Assert.Equal((5, 100m), ((int)goalCaps["today"]!["conversions_cap"]!, (decimal)goalCaps["total"]!["budget"]!));
        // The wall shows the new name and reward.
        var fresh = await Shop.SendAsync(app, HttpMethod.Get, "/v1/client/offers", m.AppToken, "fresh");
        var level = fresh.Data["offers"]!.AsArray().Single(o => (string?)o!["id"] == m.OfferId)!["events"]!.AsArray()[1]!;
        Assert.Equal(("Reach level 20", "150.00"), ((string?)level["name"], (string?)level["points"]));

        // A field left out keeps its value; time_limit_hours 0 gives the goal the offer's limit again; the import's own goal id works too.
        edited = await OkAsync(HttpMethod.Patch, $"/admin/offers/{m.OfferId}/goals/1", """{"time_limit_hours":0,"caps":{}}""");
        Assert.Equal(("Reach level 20", 1.5m, 48), ((string?)edited["name"], (decimal)edited["reward"]!, (int)edited["hold_hours"]!));
        Assert.Null((int?)edited["time_limit_hours"]);
        Assert.Null((int?)edited["caps"]!["daily_conversions"]);
        Assert.Equal(m.Level, (string?)(await OkAsync(HttpMethod.Patch, path, "{}"))["id"]);

        // A conversion recorded from now on pays the new amounts.
        var (_, conversion) = await m.PostbackAsync(await m.StartAsync("payee"), m.Level);
        var amounts = await app.WithDb(db => db.Conversions.Where(c => c.Id == (long)conversion["transaction_id"]!)
            .Select(c => new { c.Reward, c.AdvertiserPayout, c.HoldUntil, c.CreatedAt }).SingleAsync());
        Assert.Equal((1.5m, 2.5m, TimeSpan.FromHours(48)), (amounts.Reward, amounts.AdvertiserPayout, amounts.HoldUntil - amounts.CreatedAt));
    }

    [Fact]
    public async Task ABadGoalEditNamesEachFieldAndChangesNothing()
    {
        var m = await Market.CreateAsync(app);
        var goals = $"/admin/offers/{m.OfferId}/goals";
        var before = (await OkAsync(HttpMethod.Get, goals)).ToJsonString();

        var (status, body) = await SendAsync(HttpMethod.Patch, $"{goals}/{m.Level}",
            """{"name":" ","payout":-1,"reward":100001,"hold_hours":9000,"time_limit_hours":87601,"caps":{"daily_budget":-1,"time_zone":"Europe/Berlin"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["caps.daily_budget", "caps.time_zone", "hold_hours", "name", "payout", "reward", "time_limit_hours"],
            body!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        // A dynamic goal's reward is checked against its payout, as the import checks it.
        (status, body) = await SendAsync(HttpMethod.Patch, $"{goals}/{m.Purchase}", """{"reward":200}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["reward"], body!["errors"]!.AsObject().Select(e => e.Key));
        (status, body) = await SendAsync(HttpMethod.Patch, $"{goals}/{m.Purchase}", """{"payout":0.001}""");
        Assert.Equal(["payout"], body!["errors"]!.AsObject().Select(e => e.Key));
        // Not JSON of the edit's types, or no body: the framework's 400 problem.
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Patch, $"{goals}/{m.Level}", """{"payout":"lots"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Patch, $"{goals}/{m.Level}", """{"hold_hours":1.5}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Patch, $"{goals}/{m.Level}", "[1]")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Patch, $"{goals}/{m.Level}")).Status);
        Assert.Equal(before, (await OkAsync(HttpMethod.Get, goals)).ToJsonString());
    }

    [Fact]
    public async Task AnUnknownOfferOrGoalOrAnotherOffersGoalIsNotFound()
    {
        var m = await Market.CreateAsync(app);
        var other = await Market.CreateAsync(app);
        var before = (await OkAsync(HttpMethod.Get, $"/admin/offers/{other.OfferId}/goals")).ToJsonString();
        foreach (var path in new[]
        {
            $"/admin/offers/{m.OfferId}/goals/{other.Install}", $"/admin/offers/no-such-offer/goals/{m.Install}",
            $"/admin/offers/{m.OfferId}/goals/no-such-goal", $"/admin/offers/{m.OfferId}/goals/{new string('x', 300)}",
            $"/admin/offers/{new string('y', 300)}/goals/{m.Install}",
        })
        {
            foreach (var (method, suffix, json) in new[] { (HttpMethod.Post, "/pause", null), (HttpMethod.Post, "/resume", null), (HttpMethod.Patch, "", """{"name":"x"}""") })
            {
                var (status, body) = await SendAsync(method, path + suffix, json);
                Assert.Equal(HttpStatusCode.NotFound, status);
                Assert.Equal(404, (int)body!["status"]!);
            }
        }
        Assert.Equal(before, (await OkAsync(HttpMethod.Get, $"/admin/offers/{other.OfferId}/goals")).ToJsonString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.PostAsync($"/admin/offers/{m.OfferId}/goals/{m.Install}/pause", null)).StatusCode);
        Assert.False((await PausedAsync(m))[m.Install]);
    }

    [Fact]
    public async Task TheCommandLineListsPausesResumesAndEditsGoals()
    {
        var m = await Market.CreateAsync(app);
        var pause = await CliRunner.SucceedsAsync(app, connectionString, ["offers", "goals", "pause", "--id", m.OfferId, "--goal", m.Level]);
        Assert.Contains($"Goal {m.Level} paused.", pause.Output);
        Assert.True((await PausedAsync(m))[m.Level]);
        Assert.Equal(["Install", "Purchase"], await WallEventsAsync(m, "fresh"));
        var list = await CliRunner.SucceedsAsync(app, connectionString, ["offers", "goals", "list", "--id", m.OfferId]);
        Assert.Matches(@"paused", list.Output);
        await CliRunner.SucceedsAsync(app, connectionString, ["offers", "goals", "resume", "--id", m.OfferId, "--goal", "1"]);
        Assert.False((await PausedAsync(m))[m.Level]);

        var file = Path.Combine(Path.GetTempPath(), "offerwall-goal-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            await File.WriteAllTextAsync(file, """{"caps":{"total_conversions":7},"reward":9}""");
            var edit = await CliRunner.SucceedsAsync(app, connectionString,
                ["offers", "goals", "edit", "--id", m.OfferId, "--goal", m.Install, "--file", file, "--reward", "0.75", "--hold-hours", "12"]);
            Assert.Contains($"Goal {m.Install} updated.", edit.Output);
            Assert.Matches(@"Reward:\s+0\.75 USD", edit.Output);
            Assert.Matches(@"Caps:\s+7 in all", edit.Output);
            var install = await app.WithDb(db => db.Goals.Where(g => g.PublicId == m.Install).Select(g => new { g.Reward, g.HoldHours, g.Caps.TotalConversions }).SingleAsync());
            Assert.Equal((0.75m, 12, (int?)7), (install.Reward, install.HoldHours, install.TotalConversions));

            var bad = await CliRunner.RunAsync(app, connectionString, ["offers", "goals", "edit", "--id", m.OfferId, "--goal", m.Install, "--payout", "lots"]);
            Assert.Equal(2, bad.Exit);
            Assert.Contains("payout", bad.Output);
            bad = await CliRunner.RunAsync(app, connectionString, ["offers", "goals", "edit", "--id", m.OfferId, "--goal", m.Install, "--hold-hours", "9000"]);
            Assert.Equal(2, bad.Exit);
            Assert.Contains("hold_hours", bad.Output);
            await File.WriteAllTextAsync(file, "[1,2]");
            Assert.Equal(2, (await CliRunner.RunAsync(app, connectionString, ["offers", "goals", "edit", "--id", m.OfferId, "--goal", m.Install, "--file", file])).Exit);
            Assert.Equal(12, await app.WithDb(db => db.Goals.Where(g => g.PublicId == m.Install).Select(g => g.HoldHours).SingleAsync()));
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal(1, (await CliRunner.RunAsync(app, connectionString, ["offers", "goals", "pause", "--id", m.OfferId, "--goal", "no-such-goal"])).Exit);
        Assert.Equal(1, (await CliRunner.RunAsync(app, connectionString, ["offers", "goals", "list", "--id", "no-such-offer"])).Exit);
    }
}
