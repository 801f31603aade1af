using System.Net;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;
using Offerwall.Data;

namespace Offerwall.Tests.Postbacks;

/// <summary>Several server processes share one database only on PostgreSQL, so the two-node test runs there.</summary>
public sealed class PostbackDeliveryOnPostgres(PostgresPostbackFixture app) : PostbackDeliveryTests(app), IClassFixture<PostgresPostbackFixture>
{
    [Fact]
    public async Task TwoServersOnOneDatabaseSendEachDeliveryExactlyOnce()
    {
        var m = await MarketAsync();
        Sink.Respond = _ => Task.FromResult(200);
        await using var second = await app.SecondNodeAsync();
        var txs = new List<string>();
        for (var i = 0; i < 40; i++) txs.Add(await m.StartAsync($"user-{i}"));
        // 1,000 conversions (dynamic goal, distinct events), reported to both nodes at once.
        const int count = 1000;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (status, _) = await m.PostbackAsync(txs[i % txs.Count], m.Purchase, [("event_id", $"order-{i}"), ("payout", "10")],
                client: i % 2 == 0 ? null : second.Client);
            Assert.Equal(HttpStatusCode.OK, status);
        });
        await PostbackSink.WaitUntilAsync(async () => (await DeliveriesAsync(m.PartnerId)).All(d => d.Status == DeliveryStatus.Delivered), $"{count} deliveries", seconds: 240);
        var byDelivery = Sink.Requests.GroupBy(r => r.Headers["x-offerwall-delivery"]).ToList();
        Assert.Equal(count, byDelivery.Count);
        Assert.All(byDelivery, g => Assert.Single(g));
        Assert.Equal(count, await app.WithDb(db => db.PostbackAttempts.CountAsync(a => db.PostbackDeliveries.Any(d => d.Id == a.DeliveryId && d.PartnerId == m.PartnerId))));
    }
}
