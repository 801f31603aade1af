using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Offerwall.Data;
using Offerwall.Postbacks;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Postbacks;

/// <summary>
/// A stopping server (SIGTERM: the host stops its workers) lets the postbacks it is sending finish for a while, then hands back every
/// delivery it claimed and did not record: another node claims them at once instead of waiting for their leases to run out.
/// </summary>
public abstract class PostbackShutdownTests(AppFixture app) : IAsyncLifetime
{
    private PostbackSink _sink = null!;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask InitializeAsync()
    {
        _sink = await PostbackSink.StartAsync();
        // "/hang" answers when the test is over; "/slow" after 300 ms; the rest at once.
        _sink.Respond = async r =>
        {
            if (r.Url.Contains("/hang", StringComparison.Ordinal)) await _release.Task;
            else if (r.Url.Contains("/slow", StringComparison.Ordinal)) await Task.Delay(300);
            return 200;
        };
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _sink.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A worker of this server, started as the host starts one (the server's own is off in this fixture).</summary>
    private PostbackWorker NewWorker()
    {
        var options = app.App.Services.GetRequiredService<IOptions<PostbackOptions>>();
        options.Value.Enabled = true;   // the server's own worker read it at start and is gone
        return ActivatorUtilities.CreateInstance<PostbackWorker>(app.App.Services, options);
    }

    private Task<PostbackDelivery> DeliveryAsync(long partnerId) =>
        app.WithDb(db => db.PostbackDeliveries.AsNoTracking().SingleAsync(d => d.PartnerId == partnerId));

    [Fact]
    public async Task ASendUnderWayFinishesAndIsRecordedWhenTheServerStops()
    {
        var m = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/slow?tx={transaction_id}");
        await m.PostbackAsync(await m.StartAsync("u"), m.Install);
        using var worker = NewWorker();
        await worker.StartAsync(CancellationToken.None);
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(_sink.Requests.Any(r => r.Url.Contains("/slow", StringComparison.Ordinal))), "the send to start");

        await worker.StopAsync(CancellationToken.None);
        var delivery = await DeliveryAsync(m.PartnerId);
        Assert.Equal((DeliveryStatus.Delivered, 1, (Guid?)null), (delivery.Status, delivery.Attempts, delivery.LeaseToken));
    }

    [Fact]
    public async Task ASendStillHangingAtTheEndOfTheDrainIsHandedBackAndAnotherNodeTakesItAtOnce()
    {
        var m = await Market.CreateAsync(app, postbackUrl: _sink.Url + "/hang?tx={transaction_id}");
        await m.PostbackAsync(await m.StartAsync("u"), m.Install);
        using var worker = NewWorker();
        await worker.StartAsync(CancellationToken.None);
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(_sink.Requests.Any(r => r.Url.Contains("/hang", StringComparison.Ordinal))), "the send to start");
        Assert.NotNull((await DeliveryAsync(m.PartnerId)).LeaseToken);

        var stopping = Stopwatch.StartNew();
        await worker.StopAsync(CancellationToken.None);
        // The drain (1 s here) bounds the stop, far below the 20 s the send could still take.
        Assert.InRange(stopping.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10));
        var delivery = await DeliveryAsync(m.PartnerId);
        // Handed back: pending, no lease, no attempt counted against the partner (it did not fail; this node stopped).
        Assert.Equal((DeliveryStatus.Pending, 0, (Guid?)null, 0), (delivery.Status, delivery.Attempts, delivery.LeaseToken, delivery.RetryStep));
        Assert.Equal(0, await app.WithDb(db => db.PostbackAttempts.CountAsync(a => a.DeliveryId == delivery.Id)));
        // Another node claims it now, without waiting out the minute-long lease (the clock has not moved).
        var claimed = await app.WithDb(db => DeliveryQueue.ClaimAsync(db, 100, 100, Guid.NewGuid(), app.UtcNow, TimeSpan.FromSeconds(60), CancellationToken.None));
        Assert.Contains(delivery.Id, claimed);
    }
}
