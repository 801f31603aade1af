using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

/// <summary>
/// The admin API calls the operator's console added, over HTTP: the conversion search by transaction id, user and click,
/// the postback queue with its failing partners, and an offer's goals.
/// </summary>
public abstract class ConsoleAdminTests(AppFixture app)
{
    private async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path, string? token = AppFixture.AdminToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<JsonArray> ListAsync(string path)
    {
        var (status, body) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        return body!.AsArray();
    }

    private static List<long> Ids(JsonArray conversions) => conversions.Select(c => (long)c!["transaction_id"]!).ToList();

    [Fact]
    public async Task ConversionsAreFoundByTransactionIdUserAndClick()
    {
        var m = await Market.CreateAsync(app);
        var other = await Market.CreateAsync(app);
        var aliceTx = await m.StartAsync("Alice-" + m.OfferId);
        var bobTx = await m.StartAsync("bob-" + m.OfferId);
        var aliceInstall = (long)(await m.PostbackAsync(aliceTx, m.Install)).Body["transaction_id"]!;
        var aliceLevel = (long)(await m.PostbackAsync(aliceTx, m.Level)).Body["transaction_id"]!;
        var bobInstall = (long)(await m.PostbackAsync(bobTx, m.Install)).Body["transaction_id"]!;
        // The same user id at another partner is another user.
        var otherAliceTx = await other.StartAsync("Alice-" + m.OfferId);
        var otherAlice = (long)(await other.PostbackAsync(otherAliceTx, other.Install)).Body["transaction_id"]!;

        Assert.Equal([aliceLevel], Ids(await ListAsync($"/admin/conversions?transaction_id={aliceLevel}")));
        // The partner's user id in any case, newest first; only that partner's user.
        Assert.Equal([aliceLevel, aliceInstall], Ids(await ListAsync($"/admin/conversions?partner_id={m.PartnerId}&user_id=ALICE-{m.OfferId}")));
        Assert.Equal([otherAlice], Ids(await ListAsync($"/admin/conversions?partner_id={other.PartnerId}&user_id=alice-{m.OfferId}")));
        // The click's conversions, by the tx_id the advertiser reports.
        Assert.Equal([aliceLevel, aliceInstall], Ids(await ListAsync($"/admin/conversions?tx_id={Uri.EscapeDataString(aliceTx)}")));
        Assert.Equal([bobInstall], Ids(await ListAsync($"/admin/conversions?tx_id={Uri.EscapeDataString(bobTx)}")));
        // Filters narrow together: the level is pending in its 24-hour hold, the install approved.
        Assert.Equal([aliceLevel], Ids(await ListAsync($"/admin/conversions?tx_id={Uri.EscapeDataString(aliceTx)}&status=pending")));
        Assert.Equal([aliceInstall], Ids(await ListAsync($"/admin/conversions?partner_id={m.PartnerId}&user_id=alice-{m.OfferId}&status=approved")));
        Assert.Empty(await ListAsync($"/admin/conversions?transaction_id={aliceLevel}&partner_id={other.PartnerId}"));
        // A user or a click never seen matches nothing.
        Assert.Empty(await ListAsync($"/admin/conversions?partner_id={m.PartnerId}&user_id=nobody"));
        Assert.Empty(await ListAsync("/admin/conversions?tx_id=no-such-click"));
    }

    [Theory]
    [InlineData("user_id=alice", "user_id")]
    [InlineData("partner_id=1&user_id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "user_id")]
    [InlineData("tx_id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "tx_id")]
    [InlineData("status=paid&user_id=alice", "status")]
    public async Task ABadSearchIsAValidationProblemNamingTheField(string search, string field)
    {
        var (status, body) = await GetAsync("/admin/conversions?" + search);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]![field]);
    }

    [Fact]
    public async Task ANonNumericTransactionIdIsAProblem()
    {
        var (status, body) = await GetAsync("/admin/conversions?transaction_id=abc");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, (int)body!["status"]!);
    }

    private async Task<JsonObject?> FailingAsync(long partnerId)
    {
        var (_, queue) = await GetAsync("/admin/postbacks/queue");
        return queue!["failing_partners"]!.AsArray().FirstOrDefault(p => (long)p!["partner_id"]! == partnerId)?.AsObject();
    }

    [Fact]
    public async Task TheQueueShowsItsDepthItsOldestDueAndTheFailingPartners()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/admin/postbacks/queue", token: null)).Status);

        // A partner whose postbacks the SSRF guard refuses: its delivery is tried at once, fails, and waits for its retry.
        var failing = await Market.CreateAsync(app);
        await failing.GiveUnreachablePostbackUrlAsync();
        var tx = await failing.StartAsync("queue-user");
        var transaction = (long)(await failing.PostbackAsync(tx, failing.Install)).Body["transaction_id"]!;
        await PostbackSink.NudgeUntilAsync(app.Clock, async () => await FailingAsync(failing.PartnerId) is { } f && (int)f["retrying"]! == 1,
            "the first attempt to fail");
        var entry = (await FailingAsync(failing.PartnerId))!;
        Assert.Equal(0, (int)entry["dead"]!);
        Assert.Equal("Partner", (string)entry["partner_name"]!);
        Assert.Null(entry["last_status_code"]);
        Assert.Contains("Refused", (string)entry["last_error"]!, StringComparison.Ordinal);
        Assert.NotNull(entry["last_failure_at"]);

        // Its retry is due a minute ago and no worker has taken it yet: the oldest due delivery.
        var dueAt = app.UtcNow.AddMinutes(-1);
        var deliveryId = await app.WithDb(async db =>
        {
            var d = await db.PostbackDeliveries.SingleAsync(d => d.ConversionId == transaction);
            await db.PostbackDeliveries.Where(x => x.Id == d.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextAttemptAt, dueAt));
            return d.Id;
        });
        var (_, queue) = await GetAsync("/admin/postbacks/queue");
        Assert.True((int)queue!["due"]! >= 1);
        Assert.True((int)queue["pending"]! >= (int)queue["due"]! + (int)queue["waiting"]!);
        Assert.True(DateTime.Parse((string)queue["oldest_due_at"]!, null, System.Globalization.DateTimeStyles.RoundtripKind) <= dueAt);
        if (DateTime.Parse((string)queue["oldest_due_at"]!, null, System.Globalization.DateTimeStyles.RoundtripKind) == dueAt)
            Assert.Equal(deliveryId, (long)queue["oldest_due_id"]!);

        // Out of retries: dead, and still failing.
        await app.WithDb(db => db.PostbackDeliveries.Where(x => x.Id == deliveryId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, DeliveryStatus.Dead)));
        entry = (await FailingAsync(failing.PartnerId))!;
        Assert.Equal((1, 0), ((int)entry["dead"]!, (int)entry["retrying"]!));
        Assert.True((int)(await GetAsync("/admin/postbacks/queue")).Body!["dead"]! >= 1);

        // A suspended partner's postbacks wait, untouched: waiting, never due.
        var suspended = await Market.CreateAsync(app);
        await suspended.GiveUnreachablePostbackUrlAsync();
        var held = await suspended.StartAsync("waiting-user");
        await Market.AdminAsync(app, $"/admin/partners/{suspended.PartnerId}/suspend", new { reason = "console test" });
        var before = (int)(await GetAsync("/admin/postbacks/queue")).Body!["waiting"]!;
        await suspended.PostbackAsync(held, suspended.Install);
        Assert.Equal(before + 1, (int)(await GetAsync("/admin/postbacks/queue")).Body!["waiting"]!);
        Assert.Null(await FailingAsync(suspended.PartnerId));
    }

    [Fact]
    public async Task AnOffersGoalsAreListedInTheirOrder()
    {
        var m = await Market.CreateAsync(app);
        var goals = await ListAsync($"/admin/offers/{m.OfferId}/goals");
        Assert.Equal([m.Install, m.Level, m.Purchase], goals.Select(g => (string)g!["id"]!));
        Assert.Equal(["Install", "Reach level 10", "Purchase"], goals.Select(g => (string)g!["name"]!));
        Assert.Equal((1.5m, 0.5m, "flat", 0), ((decimal)goals[0]!["payout"]!, (decimal)goals[0]!["reward"]!, (string)goals[0]!["kind"]!, (int)goals[0]!["hold_hours"]!));
        Assert.Equal(24, (int)goals[1]!["hold_hours"]!);
        Assert.Equal("dynamic", (string)goals[2]!["kind"]!);

        var (status, body) = await GetAsync("/admin/offers/no-such-offer/goals");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, (int)body!["status"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync($"/admin/offers/{m.OfferId}/goals", token: null)).Status);
    }
}
