using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Web;
using Offerwall.Data;

namespace Offerwall.Tests.Postbacks;

/// <summary>
/// A partner may replay a delivery that was delivered 2 times an hour here, and send 2 test postbacks
/// a minute (<see cref="TestLimits.Postbacks"/>); replays of pending and dead deliveries, and
/// operators, are not limited. No postback worker runs: deliveries stay as the test sets them.
/// </summary>
public abstract class PostbackRateLimitTests(AppFixture app) : IAsyncLifetime
{
    private PostbackSink _sink = null!;

    public async ValueTask InitializeAsync() => _sink = await PostbackSink.StartAsync();
    public async ValueTask DisposeAsync() { await _sink.DisposeAsync(); GC.SuppressFinalize(this); }

    private async Task<Market> MarketAsync() => await Market.CreateAsync(app, postbackUrl: _sink.Url + "/pb?tx={transaction_id}&status={status}");

    /// <summary>The partner's deliveries of <paramref name="count"/> approved conversions, oldest first.</summary>
    private async Task<List<long>> DeliveriesAsync(Market m, int count)
    {
        for (var i = 0; i < count; i++)
            Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(await m.StartAsync($"player-{i}"), m.Install)).Status);
        return await app.WithDb(db => db.PostbackDeliveries.Where(d => d.PartnerId == m.PartnerId).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync());
    }

    private Task SetStatusAsync(long id, DeliveryStatus status) => app.WithDb(db => db.PostbackDeliveries.Where(d => d.Id == id)
        .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, status).SetProperty(d => d.DeliveredAt, status == DeliveryStatus.Delivered ? app.UtcNow : null)));

    private Task<DeliveryStatus> StatusAsync(long id) => app.WithDb(db => db.PostbackDeliveries.Where(d => d.Id == id).Select(d => d.Status).SingleAsync());

    private async Task<HttpResponseMessage> PartnerPostAsync(Market m, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", m.ServerKey);
        return await app.Client.SendAsync(request);
    }

    private static async Task AssertThrottledAsync(HttpResponseMessage response, int window)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("""{"message":"Too Many Attempts."}""", await response.Content.ReadAsStringAsync());
        Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, window);
    }

    [Fact]
    public async Task ReplaysOfDeliveredDeliveriesAreLimitedPerPartnerAndNoOtherReplaysAre()
    {
        var m = await MarketAsync();
        var ids = await DeliveriesAsync(m, TestLimits.DeliveredReplayPermits + 2);
        var delivered = ids.Take(TestLimits.DeliveredReplayPermits + 1).ToList();
        foreach (var id in delivered) await SetStatusAsync(id, DeliveryStatus.Delivered);
        var dead = ids[^1];
        await SetStatusAsync(dead, DeliveryStatus.Dead);

        for (var i = 0; i < TestLimits.DeliveredReplayPermits; i++)
            Assert.Equal(HttpStatusCode.OK, (await PartnerPostAsync(m, $"/data/partner/postbacks/{delivered[i]}/replay")).StatusCode);
        await AssertThrottledAsync(await PartnerPostAsync(m, $"/data/partner/postbacks/{delivered[^1]}/replay"), 3600);
        Assert.Equal(DeliveryStatus.Delivered, await StatusAsync(delivered[^1]));          // not queued again

        // Dead and pending deliveries are what replays are for: not limited.
        Assert.Equal(HttpStatusCode.OK, (await PartnerPostAsync(m, $"/data/partner/postbacks/{dead}/replay")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PartnerPostAsync(m, $"/data/partner/postbacks/{delivered[0]}/replay")).StatusCode);   // pending since its replay
        Assert.Equal(DeliveryStatus.Pending, await StatusAsync(dead));
        // An unknown delivery is still 404, not 429.
        Assert.Equal(HttpStatusCode.NotFound, (await PartnerPostAsync(m, "/data/partner/postbacks/999999999/replay")).StatusCode);

        // Another partner has its own allowance; operators have none.
        var other = await MarketAsync();
        var otherId = (await DeliveriesAsync(other, 1))[0];
        await SetStatusAsync(otherId, DeliveryStatus.Delivered);
        Assert.Equal(HttpStatusCode.OK, (await PartnerPostAsync(other, $"/data/partner/postbacks/{otherId}/replay")).StatusCode);
        await Market.AdminAsync(app, $"/admin/postbacks/{delivered[^1]}/replay");
        Assert.Equal(DeliveryStatus.Pending, await StatusAsync(delivered[^1]));
    }

    [Fact]
    public async Task TestPostbacksAreLimitedPerPartner()
    {
        var m = await MarketAsync();
        for (var i = 0; i < TestLimits.TestPostbackPermits; i++)
            Assert.Equal(HttpStatusCode.OK, (await PartnerPostAsync(m, "/data/partner/postbacks/test")).StatusCode);
        await AssertThrottledAsync(await PartnerPostAsync(m, "/data/partner/postbacks/test"), 60);
        Assert.Equal(TestLimits.TestPostbackPermits, _sink.Requests.Count);                  // the refused one was not sent

        var other = await MarketAsync();
        Assert.Equal(HttpStatusCode.OK, (await PartnerPostAsync(other, "/data/partner/postbacks/test")).StatusCode);
        // Operators' test postbacks are not limited.
        await Market.AdminAsync(app, $"/admin/postbacks/test/{m.PartnerId}");
        Assert.Equal(TestLimits.TestPostbackPermits + 2, _sink.Requests.Count);
    }
}
