using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Offerwall.Postbacks;
using Offerwall.Tests.Infrastructure;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Tests.Postbacks;

/// <summary>Partner postbacks to a real Kestrel sink: what is sent, when it is retried, and what partners can see and replay.</summary>
public abstract class PostbackDeliveryTests(AppFixture app) : IAsyncLifetime
{
    private PostbackSink _sink = null!;

    public async ValueTask InitializeAsync() => _sink = await PostbackSink.StartAsync();
    public async ValueTask DisposeAsync() { await _sink.DisposeAsync(); GC.SuppressFinalize(this); }

    protected PostbackSink Sink => _sink;

    protected Task<Market> MarketAsync(string format = "get", bool stateful = false) =>
        Market.CreateAsync(app,
            postbackUrl: _sink.Url + "/pb?uid={user_id}&tx={transaction_id}&amount={reward_local_currency}&usd={reward}&payout={payout}" +
                "&offer={offer_id}&name={offer_name}&goal={goal_id}&note={note}&reverse={reverse}&type={type}&survey={survey_id}" +
                "&at={date_time}&status={status}",
            postbackFormat: format, stateful: stateful);

    protected Task<List<PostbackDelivery>> DeliveriesAsync(long partnerId) =>
        app.WithDb(db => db.PostbackDeliveries.AsNoTracking().Where(d => d.PartnerId == partnerId).OrderBy(d => d.Id).ToListAsync());

    private Task<List<PostbackAttempt>> AttemptsAsync(long deliveryId) =>
        app.WithDb(db => db.PostbackAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Id).ToListAsync());

    private static string Hmac(string secret, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task ApprovedConversionIsDeliveredWithEveryMacroAndAVerifiableSignature()
    {
        var m = await MarketAsync();
        var tx = await m.StartAsync("Player One");
        var id = (long)(await m.PostbackAsync(tx, m.Install)).Body["transaction_id"]!;

        await PostbackSink.WaitUntilAsync(() => Task.FromResult(!_sink.Requests.IsEmpty), "the postback");
        var got = Assert.Single(_sink.Requests);
        var q = got.Query;
        Assert.Equal("GET", got.Method);
        Assert.Equal("Player One", q["uid"]);
        Assert.Equal(id.ToString(), q["tx"]);
        Assert.Equal("50", q["amount"]);
        Assert.Equal("0.5", q["usd"]);
        Assert.Equal("0.75", q["payout"]);
        Assert.Equal(m.OfferId, q["offer"]);
        Assert.Equal("Test Game", q["name"]);
        Assert.Equal(m.Install, q["goal"]);
        Assert.Equal("Install", q["note"]);
        Assert.Equal("0", q["reverse"]);
        Assert.Equal("offer", q["type"]);
        Assert.Equal("", q["survey"]);
        Assert.Equal("approved", q["status"]);
        Assert.Equal(EasternTime.Format(app.UtcNow), q["at"]);
        // The signature is the HMAC of the URL exactly as sent, before "&signature=", and comes last.
        var at = got.Url.LastIndexOf("&signature=", StringComparison.Ordinal);
        Assert.True(at > 0);
        Assert.Equal(Hmac(m.PostbackSecret, got.Url[..at]), got.Url[(at + "&signature=".Length)..]);

        var delivery = Assert.Single(await DeliveriesAsync(m.PartnerId));
        Assert.Equal(delivery.Id.ToString(), got.Headers["x-offerwall-delivery"]);
        await PostbackSink.WaitUntilAsync(async () => (await DeliveriesAsync(m.PartnerId))[0].Status == DeliveryStatus.Delivered, "delivered");
        var attempt = Assert.Single(await AttemptsAsync(delivery.Id));
        Assert.Equal(200, attempt.StatusCode);
        Assert.Equal("ok", attempt.Response);
        Assert.Equal(got.Url, attempt.Url);
    }

    [Fact]
    public async Task FailedAttemptIsRetriedOnTheLadderThenDelivered()
    {
        var m = await MarketAsync();
        _sink.Respond = r => Task.FromResult(r.Index == 1 ? 500 : 200);
        await m.PostbackAsync(await m.StartAsync("u"), m.Install);

        await PostbackSink.WaitUntilAsync(async () => (await DeliveriesAsync(m.PartnerId))[0].Attempts == 1, "the first attempt");
        var delivery = (await DeliveriesAsync(m.PartnerId))[0];
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        var wait = delivery.NextAttemptAt - app.UtcNow;
        Assert.InRange(wait, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));   // 5 s ± 10 % jitter
        var first = Assert.Single(await AttemptsAsync(delivery.Id));
        Assert.Equal(500, first.StatusCode);
        Assert.Equal("not now", first.Response);

        app.Clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(300);
        Assert.Single(_sink.Requests);                                                 // not before its time
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        await PostbackSink.NudgeUntilAsync(app.Clock, async () => (await DeliveriesAsync(m.PartnerId))[0].Status == DeliveryStatus.Delivered, "the retry");
        Assert.Equal(2, _sink.Requests.Count);
        var codes = (await AttemptsAsync(delivery.Id)).Select(a => a.StatusCode!.Value).ToArray();
        Assert.Equal(new[] { 500, 200 }, codes);
        // The same delivery id on every attempt, so the partner can deduplicate.
        Assert.Single(_sink.Requests.Select(r => r.Headers["x-offerwall-delivery"]).Distinct());
    }

    [Fact]
    public async Task DeliveryIsDeadAfterTheWholeLadderAndReplayDeliversIt()
    {
        var m = await MarketAsync();
        _sink.Respond = _ => Task.FromResult(503);
        await m.PostbackAsync(await m.StartAsync("u"), m.Install);
        var ladder = PostbackOptions.DefaultLadder;
        await PostbackSink.FailThroughTheLadderAsync(app.Clock, async () => (await DeliveriesAsync(m.PartnerId))[0].Attempts);
        var dead = (await DeliveriesAsync(m.PartnerId))[0];
        Assert.Equal(DeliveryStatus.Dead, dead.Status);
        Assert.Equal(ladder.Length + 1, dead.Attempts);
        app.Clock.Advance(TimeSpan.FromDays(3));
        await Task.Delay(300);
        Assert.Equal(ladder.Length + 1, _sink.Requests.Count);                         // dead is not retried, and not forgotten

        var listed = (await m.PartnerGetAsync("/data/partner/postbacks?status=dead&from_date=2026-01-01&to_date=2027-12-31")).Body!;
        Assert.Equal(dead.Id, (long)Assert.Single(listed["data"]!.AsArray())!["id"]!);

        _sink.Respond = _ => Task.FromResult(200);
        var replay = await m.PartnerGetAsync("/data/partner/postbacks/replay?from_date=2026-01-01&to_date=2027-12-31", HttpMethod.Post);
        Assert.Equal(1, (int)replay.Body!["replayed"]!);
        await PostbackSink.WaitUntilAsync(async () => (await DeliveriesAsync(m.PartnerId))[0].Status == DeliveryStatus.Delivered, "the replay");
        Assert.Equal(ladder.Length + 2, (await DeliveriesAsync(m.PartnerId))[0].Attempts);
    }

    [Fact]
    public async Task SlowPartnerTimesOutAndIsRetried()
    {
        var m = await MarketAsync();
        _sink.Respond = async r => { if (r.Index == 1) await Task.Delay(3000); return 200; };
        await m.PostbackAsync(await m.StartAsync("u"), m.Install);
        await PostbackSink.WaitUntilAsync(async () => (await DeliveriesAsync(m.PartnerId))[0].Attempts == 1, "the timed-out attempt");
        var attempt = Assert.Single(await AttemptsAsync((await DeliveriesAsync(m.PartnerId))[0].Id));
        Assert.Null(attempt.StatusCode);
        Assert.Contains("No answer within 1 s", attempt.Response);
        Assert.InRange(attempt.LatencyMs, 900, 2900);
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        await PostbackSink.NudgeUntilAsync(app.Clock, async () => (await DeliveriesAsync(m.PartnerId))[0].Status == DeliveryStatus.Delivered, "the retry");
    }

    [Fact]
    public async Task ReversalIsNeverSentBeforeTheConversionItReverses()
    {
        var m = await MarketAsync();
        _sink.Respond = r => Task.FromResult(r.Query["status"] == "approved" && r.Index == 1 ? 500 : 200);
        var tx = await m.StartAsync("u");
        await m.PostbackAsync(tx, m.Install);
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(_sink.Requests.Count == 1), "the failed approval");
        await m.PostbackAsync(tx, m.Install, [("reverse", "1")]);
        await Task.Delay(500);
        Assert.Single(_sink.Requests);                      // the reversal waits for the approval's retry
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        await PostbackSink.NudgeUntilAsync(app.Clock, () => Task.FromResult(_sink.Requests.Count == 3), "approval then reversal");
        Assert.Equal(["approved", "approved", "reversed"], _sink.Requests.Select(r => r.Query["status"]).ToArray());
        Assert.Equal("1", _sink.Requests.Last().Query["reverse"]);
    }

    [Fact]
    public async Task StatefulPartnersHearOfPendingAndCancelledConversions()
    {
        var m = await MarketAsync(stateful: true);
        var id = (long)(await m.PostbackAsync(await m.StartAsync("u"), m.Level)).Body["transaction_id"]!;
        await Market.AdminAsync(app, $"/admin/conversions/{id}/cancel", new { reason = "fraud" });
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(_sink.Requests.Count == 2), "two postbacks");
        Assert.Equal(["pending", "cancelled"], _sink.Requests.Select(r => r.Query["status"]).ToArray());
    }

    [Fact]
    public async Task PartnerSeesOnlyItsOwnDeliveriesWithTheirAttemptsAndCanReplayOne()
    {
        var m = await MarketAsync();
        var other = await MarketAsync();
        var tx = await m.StartAsync("u");
        var conversion = (long)(await m.PostbackAsync(tx, m.Install)).Body["transaction_id"]!;
        await other.PostbackAsync(await other.StartAsync("u"), other.Install);
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(_sink.Requests.Count == 2), "both postbacks");
        await PostbackSink.WaitUntilAsync(async () => (await DeliveriesAsync(m.PartnerId))[0].Status == DeliveryStatus.Delivered, "delivered");

        var list = (await m.PartnerGetAsync($"/data/partner/postbacks?transaction_id={conversion}&from_date=2026-01-01&to_date=2027-12-31")).Body!;
        var row = Assert.Single(list["data"]!.AsArray())!;
        Assert.Equal(conversion, (long)row["transaction_id"]!);
        Assert.Equal("delivered", (string?)row["status"]);
        Assert.Equal(1, (int)row["attempts"]!);
        Assert.Equal(1, (int)list["meta"]!["total"]!);
        var id = (long)row["id"]!;

        var detail = (await m.PartnerGetAsync($"/data/partner/postbacks/{id}")).Body!;
        Assert.Equal(200, (int)detail["attempts"]![0]!["status_code"]!);
        var otherId = (await DeliveriesAsync(other.PartnerId))[0].Id;
        Assert.Equal(HttpStatusCode.NotFound, (await m.PartnerGetAsync($"/data/partner/postbacks/{otherId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await m.PartnerGetAsync($"/data/partner/postbacks/{otherId}/replay", HttpMethod.Post)).Status);
        var otherConversion = (await DeliveriesAsync(other.PartnerId))[0].ConversionId;
        Assert.Empty((await m.PartnerGetAsync($"/data/partner/postbacks?transaction_id={otherConversion}&from_date=2026-01-01&to_date=2027-12-31"))
            .Body!["data"]!.AsArray());

        Assert.Equal(HttpStatusCode.OK, (await m.PartnerGetAsync($"/data/partner/postbacks/{id}/replay", HttpMethod.Post)).Status);
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(_sink.Requests.Count == 3), "the replay");
        Assert.Equal(conversion.ToString(), _sink.Requests.Last().Query["tx"]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await m.PartnerGetAsync("/data/partner/postbacks?status=lost")).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await m.PartnerGetAsync("/data/partner/postbacks?transaction_id=x")).Status);
    }

    [Fact]
    public async Task TestPostbackIsSentAtOnceAndReportsTheAnswer()
    {
        var m = await MarketAsync();
        _sink.Respond = _ => Task.FromResult(204);
        var (status, body) = await m.PartnerGetAsync("/data/partner/postbacks/test", HttpMethod.Post);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool)body!["success"]!);
        Assert.Equal(204, (int)body["status_code"]!);
        Assert.Equal("test", Assert.Single(_sink.Requests).Query["status"]);
    }
}
