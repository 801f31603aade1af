using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Data;
using Offerwall.Postbacks;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.Blocking;

/// <summary>
/// The operator's blocks of users and suspensions of partners (docs/fraud.md), through HTTP: a blocked user's starts are refused and
/// their conversions held for review; a suspended partner's client API refuses, its Data API answers, and its postbacks wait unattempted
/// until it is resumed, then go out once each. The postback worker runs only when a test runs a round.
/// </summary>
public abstract class BlockingTests(AppFixture app, string connectionString) : IAsyncLifetime
{
    private static readonly object Pending24 = new { id = "0", name = "Install", payout = 1.5m, reward = 0.5m, hold_hours = 24 };
    private static readonly object LevelNow = new { id = "1", name = "Level", payout = 2m, reward = 1m };

    private PostbackSink _sink = null!;

    public async ValueTask InitializeAsync() => _sink = await PostbackSink.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _sink.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task ABlockedUsersStartsAreRefusedTheirConversionsHeldForReviewAndUnblockingLetsThemStartAgain()
    {
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync(null, Pending24, LevelNow);
        var other = await desk.ImportAsync();
        var (tx, _) = await desk.StartedAsync(offer, "Blocked-User");
        var (pendingId, pendingStatus) = await desk.ConvertAsync(tx, Desk.Goal(offer));
        Assert.Equal("pending", pendingStatus);
        await desk.StartedAsync(offer, "bystander");

        // The partner's id of the user, in any case.
        var blocked = await AdminAsync(HttpMethod.Post, $"/admin/partners/{desk.PartnerId}/users/BLOCKED-user/block", new { reason = "chargebacks" });
        Assert.Equal(HttpStatusCode.OK, blocked.Status);
        Assert.Equal(("Blocked-User", true, "chargebacks", 1), ((string?)blocked.Body["user_id"], (bool)blocked.Body["blocked"]!,
            (string?)blocked.Body["reason"], (int)blocked.Body["held_conversions"]!));

        // The pending conversion is held for the operator, its history saying why.
        var held = await app.WithDb(db => db.Conversions.AsNoTracking().SingleAsync(c => c.Id == pendingId));
        Assert.Equal((ConversionStatus.Pending, ReviewState.Held, Conversion.HeldForOperator, "blocked_user"), (held.Status, held.Review, held.HoldUntil, held.ReviewRules));
        Assert.Equal("held for review: the user is blocked (chargebacks)", (await desk.StateAsync(pendingId)).Reasons[^1]);
        var queue = await AdminAsync(HttpMethod.Get, $"/admin/review?partner_id={desk.PartnerId}");
        var item = Assert.Single(queue.Body.AsArray());
        Assert.Equal((pendingId, "held", "blocked_user"), ((long)item!["transaction_id"]!, (string?)item["review"], (string?)item["rules"]![0]));

        // Their starts are refused in the envelope, a new offer's and a started one's alike, and nothing is written; others start as before.
        var footprint = await desk.FootprintAsync();
        Assert.Equal("user is blocked", Desk.Refusal(await desk.StartAsync(other, "blocked-user")));
        Assert.Equal("user is blocked", Desk.Refusal(await desk.StartAsync(offer, "Blocked-User")));
        Assert.Equal(footprint, await desk.FootprintAsync());
        await desk.StartedAsync(other, "bystander");
        // What they did is still theirs to see.
        Assert.Equal(HttpStatusCode.OK, (await Shop.SendAsync(app, HttpMethod.Get, "/v1/client/user/history", desk.AppToken, "Blocked-User")).Status);

        // A new conversion (a goal without a hold, which would be approved at once) is held the same way, and the approval job never reaches it.
        var (newId, newStatus) = await desk.ConvertAsync(tx, Desk.Goal(offer, "1"));
        Assert.Equal("pending", newStatus);
        var fresh = await app.WithDb(db => db.Conversions.AsNoTracking().SingleAsync(c => c.Id == newId));
        Assert.Equal((ReviewState.Held, "blocked_user"), (fresh.Review, fresh.ReviewRules));
        Assert.Equal(["reported; held for review: the user is blocked"], (await desk.StateAsync(newId)).Reasons);
        app.Clock.Advance(TimeSpan.FromHours(25));
        await Market.AdminAsync(app, "/admin/conversions/approve-due");
        Assert.Equal(ConversionStatus.Pending, (await desk.StateAsync(pendingId)).Status);
        Assert.Empty(await desk.LedgerAsync());

        // Blocking again changes nothing.
        Assert.Equal(HttpStatusCode.Conflict, (await AdminAsync(HttpMethod.Post, $"/admin/partners/{desk.PartnerId}/users/blocked-user/block")).Status);

        var unblocked = await AdminAsync(HttpMethod.Post, $"/admin/partners/{desk.PartnerId}/users/blocked-user/unblock", new { reason = "cleared" });
        Assert.Equal((HttpStatusCode.OK, false), (unblocked.Status, (bool)unblocked.Body["blocked"]!));
        await desk.StartedAsync(other, "Blocked-User");
        // The held conversions wait for the operator's decision, which pays them.
        Assert.Equal(2, (await AdminAsync(HttpMethod.Get, $"/admin/review?partner_id={desk.PartnerId}")).Body.AsArray().Count);
        Assert.Equal(HttpStatusCode.Conflict, (await AdminAsync(HttpMethod.Post, $"/admin/partners/{desk.PartnerId}/users/blocked-user/unblock")).Status);
        await Market.AdminAsync(app, "/admin/review/approve", new { ids = new[] { pendingId, newId }, reason = "looked fine" });
        Assert.Equal(2, (await desk.LedgerAsync()).Count);

        // The history, newest first, filtered by user in any case.
        var history = (await AdminAsync(HttpMethod.Get, $"/admin/partners/{desk.PartnerId}/history?user_id=BLOCKED-USER")).Body.AsArray();
        Assert.Equal(new[] { ("unblock", "Blocked-User", "operator", "cleared"), ("block", "Blocked-User", "operator", "chargebacks") },
            history.Select(h => ((string)h!["action"]!, (string)h["user_id"]!, (string)h["actor"]!, (string)h["reason"]!)));
        Assert.Empty((await AdminAsync(HttpMethod.Get, $"/admin/partners/{desk.PartnerId}/history?user_id=bystander")).Body.AsArray());
    }

    [Fact]
    public async Task ASuspendedPartnersClientApiRefusesItsDataApiAnswersAndItsPostbacksWaitThenGoOutOnceEachOnResume()
    {
        var desk = await Desk.CreateAsync(app, _sink.Url + "/pb?tx={transaction_id}&status={status}");
        var offer = await desk.ImportAsync();
        var (before, _) = await desk.UserConvertsAsync(offer, "early");
        var (tx, _) = await desk.StartedAsync(offer, "late");
        var worker = app.App.Services.GetRequiredService<PostbackWorker>();

        var suspended = await AdminAsync(HttpMethod.Post, $"/admin/partners/{desk.PartnerId}/suspend", new { reason = "unpaid invoices" });
        Assert.Equal((HttpStatusCode.OK, true, "unpaid invoices"), (suspended.Status, (bool)suspended.Body["suspended"]!, (string?)suspended.Body["suspend_reason"]));
        var listed = (await AdminAsync(HttpMethod.Get, "/admin/partners")).Body.AsArray().Single(p => (long)p!["id"]! == desk.PartnerId)!;
        Assert.True((bool)listed["suspended"]!);
        Assert.NotNull((string?)listed["suspended_at"]);

        // Every client API call of its app refuses in the envelope, and the wall (which calls it) with it; a start writes nothing.
        var footprint = await desk.FootprintAsync();
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/v1/client/offers"), (HttpMethod.Get, "/v2/client/offers"), (HttpMethod.Post, $"/v1/client/offers/{offer}/start"),
            (HttpMethod.Get, "/v1/client/user/history"), (HttpMethod.Get, $"/v1/client/user/history/offers/{offer}"),
        })
            Assert.Equal("partner suspended", Desk.Refusal(await Shop.SendAsync(app, method, path, desk.AppToken, "early")));
        Assert.Equal(footprint, await desk.FootprintAsync());

        // The advertiser's postback is still recorded, and the Data API still answers (the partner must be able to reconcile).
        var (during, status) = await desk.ConvertAsync(tx, Desk.Goal(offer));
        Assert.Equal("approved", status);
        Assert.Equal(new[] { before, during }.Order(), (await desk.LedgerAsync()).Select(r => (long)r!["transaction_id"]!).Order());

        // Its postbacks wait: not claimed, not attempted.
        await worker.RunOnceAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(2));
        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Empty(_sink.Requests);
        var waiting = await DeliveriesAsync(desk.PartnerId);
        Assert.Equal(2, waiting.Count);
        Assert.All(waiting, d => Assert.Equal((DeliveryStatus.Pending, 0, 0), (d.Status, d.Attempts, d.AttemptRows)));

        Assert.Equal(HttpStatusCode.Conflict, (await AdminAsync(HttpMethod.Post, $"/admin/partners/{desk.PartnerId}/suspend")).Status);
        var resumed = await AdminAsync(HttpMethod.Post, $"/admin/partners/{desk.PartnerId}/resume");
        Assert.Equal((HttpStatusCode.OK, false), (resumed.Status, (bool)resumed.Body["suspended"]!));
        Assert.Equal(HttpStatusCode.Conflict, (await AdminAsync(HttpMethod.Post, $"/admin/partners/{desk.PartnerId}/resume")).Status);

        // Resumed: each waiting postback goes out once, and the app is answered again.
        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(new[] { before, during }.Order(), _sink.Requests.Select(r => long.Parse(r.Query["tx"], CultureInfo.InvariantCulture)).Order());
        Assert.All(await DeliveriesAsync(desk.PartnerId), d => Assert.Equal((DeliveryStatus.Delivered, 1, 1), (d.Status, d.Attempts, d.AttemptRows)));
        Assert.Equal(HttpStatusCode.OK, (await desk.ListAsync("early")).Status);

        var history = (await AdminAsync(HttpMethod.Get, $"/admin/partners/{desk.PartnerId}/history")).Body.AsArray();
        Assert.Equal(new (string, string?, string)[] { ("resume", null, ""), ("suspend", null, "unpaid invoices") },
            history.Select(h => ((string)h!["action"]!, (string?)h["user_id"], (string)h["reason"]!)));
    }

    [Fact]
    public async Task UnknownPartnersAndUsersAreNotFoundAndABadReasonIsAValidationProblemThatWritesNothing()
    {
        var desk = await Desk.CreateAsync(app);
        await desk.StartedAsync(await desk.ImportAsync(), "known");
        foreach (var path in new[]
        {
            "/admin/partners/987654321/suspend", "/admin/partners/987654321/resume", "/admin/partners/987654321/users/known/block",
            $"/admin/partners/{desk.PartnerId}/users/never-seen/block", $"/admin/partners/{desk.PartnerId}/users/never-seen/unblock",
        })
        {
            var (status, body) = await AdminAsync(HttpMethod.Post, path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal(404, (int)body["status"]!);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await AdminAsync(HttpMethod.Get, "/admin/partners/987654321/history")).Status);

        var tooLong = await AdminAsync(HttpMethod.Post, $"/admin/partners/{desk.PartnerId}/users/known/block", new { reason = new string('x', 501) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.NotNull(tooLong.Body["errors"]!["reason"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await AdminAsync(HttpMethod.Post, $"/admin/partners/{desk.PartnerId}/suspend", new { reason = 5 })).Status);
        Assert.Empty((await AdminAsync(HttpMethod.Get, $"/admin/partners/{desk.PartnerId}/history")).Body.AsArray());
        Assert.Equal("success", (string?)(await desk.ListAsync("known")).Body["status"]);

        using var anonymous = new HttpRequestMessage(HttpMethod.Post, $"/admin/partners/{desk.PartnerId}/suspend");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(anonymous)).StatusCode);
    }

    [Fact]
    public async Task TheCommandLineSuspendsResumesBlocksUnblocksAndListsTheHistory()
    {
        var desk = await Desk.CreateAsync(app);
        var offer = await desk.ImportAsync();
        await desk.StartedAsync(offer, "Cli-User");
        string[] Partner(params string[] args) => ["partners", .. args, "--id", desk.PartnerId.ToString(CultureInfo.InvariantCulture)];

        await CliRunner.SucceedsAsync(app, connectionString, Partner("suspend", "--reason", "audit"));
        Assert.Equal("partner suspended", Desk.Refusal(await desk.ListAsync("Cli-User")));
        Assert.Contains("since ", (await CliRunner.SucceedsAsync(app, connectionString, ["partners", "list"])).Row(desk.PartnerId));
        Assert.Equal(1, (await CliRunner.RunAsync(app, connectionString, Partner("suspend"))).Exit);
        await CliRunner.SucceedsAsync(app, connectionString, Partner("resume"));

        string[] User(string verb, string user) => ["users", verb, "--partner-id", desk.PartnerId.ToString(CultureInfo.InvariantCulture), "--user-id", user];
        var block = await CliRunner.SucceedsAsync(app, connectionString, [.. User("block", "cli-user"), "--reason", "multi-accounting"]);
        Assert.Equal("0", block.Value("Held for review"));
        Assert.Equal("user is blocked", Desk.Refusal(await desk.StartAsync(offer, "Cli-User")));
        Assert.Equal(1, (await CliRunner.RunAsync(app, connectionString, User("block", "nobody"))).Exit);
        Assert.Equal(2, (await CliRunner.RunAsync(app, connectionString, [.. User("unblock", "cli-user"), "--reason", new string('x', 501)])).Exit);
        await CliRunner.SucceedsAsync(app, connectionString, User("unblock", "cli-user"));
        await desk.StartedAsync(offer, "Cli-User");

        var history = await CliRunner.SucceedsAsync(app, connectionString, Partner("history"));
        Assert.Equal(4, history.Rows("operator \\(command line\\)"));
        Assert.Contains("multi-accounting", history.Output);
        var api = (await AdminAsync(HttpMethod.Get, $"/admin/partners/{desk.PartnerId}/history")).Body.AsArray();
        Assert.Equal(["unblock", "block", "resume", "suspend"], api.Select(h => (string)h!["action"]!));
        Assert.Equal(1, (await CliRunner.RunAsync(app, connectionString, ["partners", "history", "--id", "987654321"])).Exit);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminToken);
        using var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    private Task<List<(DeliveryStatus Status, int Attempts, int AttemptRows)>> DeliveriesAsync(long partnerId) => app.WithDb(async db =>
        (await db.PostbackDeliveries.AsNoTracking().Where(d => d.PartnerId == partnerId).OrderBy(d => d.Id)
            .Select(d => new { d.Status, d.Attempts, Rows = db.PostbackAttempts.Count(a => a.DeliveryId == d.Id) }).ToListAsync())
        .ConvertAll(d => (d.Status, d.Attempts, d.Rows)));
}
