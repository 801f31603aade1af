using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Postbacks;
using Offerwall.Tests.Infrastructure;
using Offerwall.Data;

namespace Offerwall.Tests.Postbacks;

/// <summary>Leases: a worker that dies after claiming holds its deliveries only until the lease runs out.</summary>
public abstract class PostbackLeaseTests(AppFixture app) : IAsyncLifetime
{
    private PostbackSink _sink = null!;

    public async ValueTask InitializeAsync() => _sink = await PostbackSink.StartAsync();
    public async ValueTask DisposeAsync() { await _sink.DisposeAsync(); GC.SuppressFinalize(this); }

    [Fact]
    public async Task WorkerThatDiedMidSendLosesItsLeaseAndTheDeliveryGoesOut()
    {
        var m = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/pb?tx={transaction_id}&status={status}");
        await m.PostbackAsync(await m.StartAsync("u"), m.Install);
        var worker = app.App.Services.GetRequiredService<PostbackWorker>();

        // A worker of another process claims the delivery, then dies before sending it.
        var claimed = await app.WithDb(db => DeliveryQueue.ClaimAsync(db, 100, 100, Guid.NewGuid(), app.UtcNow, TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Single(claimed);
        Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None));        // leased: not ours to send
        app.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None));
        Assert.Empty(_sink.Requests);

        app.Clock.Advance(TimeSpan.FromSeconds(2));                                   // the lease ran out
        Assert.Equal(1, await worker.RunOnceAsync(CancellationToken.None));
        Assert.Single(_sink.Requests);
        var delivery = await app.WithDb(db => db.PostbackDeliveries.AsNoTracking().SingleAsync(d => d.Id == claimed[0]));
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None));
        Assert.Single(_sink.Requests);
    }

    [Fact]
    public async Task AWorkerWhoseLeaseWasTakenCannotRecordItsAttempt()
    {
        var m = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/pb?tx={transaction_id}");
        await m.PostbackAsync(await m.StartAsync("u"), m.Install);
        var slow = Guid.NewGuid();
        var id = Assert.Single(await app.WithDb(db => DeliveryQueue.ClaimAsync(db, 100, 100, slow, app.UtcNow, TimeSpan.FromSeconds(30), CancellationToken.None)));
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var fast = Guid.NewGuid();
        Assert.Equal([id], await app.WithDb(db => DeliveryQueue.ClaimAsync(db, 100, 100, fast, app.UtcNow, TimeSpan.FromSeconds(30), CancellationToken.None)));
        var result = new AttemptResult("http://x/", 200, 5, "ok");
        Assert.False(await app.WithDb(db => DeliveryQueue.CompleteAsync(db, id, slow, result, app.UtcNow, null, CancellationToken.None)));
        Assert.True(await app.WithDb(db => DeliveryQueue.CompleteAsync(db, id, fast, result, app.UtcNow, null, CancellationToken.None)));
        Assert.Equal(1, await app.WithDb(db => db.PostbackAttempts.CountAsync(a => a.DeliveryId == id)));
    }
}
