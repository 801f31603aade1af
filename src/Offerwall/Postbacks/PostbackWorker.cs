using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Postbacks;

/// <summary>
/// Sends the outbox: claims due deliveries (a lease, shared safely with other processes), sends
/// them, records each attempt, and schedules the next one on the retry ladder or marks the delivery
/// dead. Claims go on while earlier ones are still being sent: whenever room frees up, the worker
/// claims more (at most BatchSize claimed and unrecorded in this process). Fair between partners: a
/// claim leases at most Concurrency deliveries of one partner (counting every worker's leases:
/// DeliveryQueue.ClaimAsync), and a process sends at most PartnerConcurrency of one partner's at a
/// time, of Concurrency in all; a partner's deliveries wait for its own senders before they take a
/// shared one, so a partner whose endpoint hangs holds only its share while the others' postbacks go
/// out. Wakes when this process commits a delivery or records an outcome, and polls for the rest.
/// Stopping (SIGTERM), it claims nothing more, lets the sends under way finish for up to DrainTimeout, and
/// records or hands back every delivery it claimed: none is left leased for another node to wait out.
/// Each round beats <see cref="PostbackHeartbeat"/>, which /health/ready reads.
/// </summary>
public sealed class PostbackWorker(IServiceScopeFactory scopes, PostbackSender sender, DeliverySignal signal, TimeProvider clock,
    IOptions<PostbackOptions> options, ILogger<PostbackWorker> log, PostbackHeartbeat heartbeat) : BackgroundService
{
    /// <summary>Deliveries this process has claimed and not yet recorded.</summary>
    private int _inFlight;

    /// <summary>Sends at a time in this process, all partners together.</summary>
    private readonly SemaphoreSlim _senders = new(options.Value.Concurrency);

    /// <summary>Sends at a time in this process, per partner (one gate per partner that had deliveries; partners are few).</summary>
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _partnerSenders = new();

    /// <summary>Cancels the sends still under way when the drain time after a stop is over (claims stop at once, with the host's token).</summary>
    private readonly CancellationTokenSource _drain = new();

    /// <summary>Set when the server stops: a claimed delivery not yet being sent is handed back rather than sent.</summary>
    private volatile bool _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var rounds = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Read by /health/ready: a loop that stops coming back here is stuck (PostbackWorkerHealthCheck).
                heartbeat.Beat(clock.GetUtcNow());
                rounds.RemoveAll(Finished);
                try
                {
                    if ((await StartRoundAsync(stoppingToken)).Round is { } round) rounds.Add(round);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    log.LogError(e, "Postback claim failed; trying again");
                }
                // Woken by a new delivery, by an outcome recorded (a sender is free, or a reversal's turn has come), or by the poll.
                await signal.WaitAsync(options.Value.PollInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Stopping: what is being sent may finish for a while; everything claimed is then recorded or handed back.
            _stopping = true;
            try { _drain.CancelAfter(options.Value.DrainTimeout); }
            catch (ObjectDisposedException) { } // the host was disposed without being stopped: nothing is left to drain
            try { await Task.WhenAll(rounds); } catch (OperationCanceledException) { }
            log.LogInformation("Postback worker stopped: every delivery it had claimed is recorded or handed back");
        }
    }

    public override void Dispose()
    {
        _drain.Dispose();
        base.Dispose();
    }

    private bool Finished(Task round)
    {
        if (round.Exception is { } e) log.LogError(e.InnerException ?? e, "Sending postbacks failed; their deliveries will be sent again after their lease");
        return round.IsCompleted;
    }

    /// <summary>One round in the foreground (tests, tools): claim what this process has room for, send it all, record it. Returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var (claimed, round) = await StartRoundAsync(ct);
        if (round is not null) await round;
        return claimed;
    }

    /// <summary>
    /// Claims up to the free room of this process (BatchSize less what is claimed and unrecorded), loads the claim
    /// (a few queries for the whole batch) and starts sending it: how many it claimed, and the round (null when none). The round
    /// sends each claimed delivery as soon as its partner has a free sender and a shared one is free, and records the
    /// outcomes as they come in: one recorder writes everything that finished while its previous write ran in one
    /// transaction, so under load a write covers many deliveries, and when idle each is recorded at once.
    /// </summary>
    private async Task<(int Claimed, Task? Round)> StartRoundAsync(CancellationToken ct)
    {
        var o = options.Value;
        var room = o.BatchSize - Volatile.Read(ref _inFlight);
        if (room <= 0) return (0, null);
        var token = Guid.NewGuid();
        var claimedAt = Now;
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<OfferwallDb>();
            var ids = await DeliveryQueue.ClaimAsync(db, room, o.Concurrency, token, claimedAt, o.Lease, ct);
            if (ids.Count == 0)
            {
                await scope.DisposeAsync();
                return (0, null);
            }
            Interlocked.Add(ref _inFlight, ids.Count);
            var batch = await LoadAsync(db, ids, token, ct);
            // The sends run on the drain's token, not the claim's: a stop lets them finish (StopAsync's DrainTimeout).
            return (ids.Count, SendAsync(scope, db, token, batch, claimedAt + o.Lease, _drain.Token));
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    private async Task<List<DueDelivery>> LoadAsync(OfferwallDb db, List<long> ids, Guid token, CancellationToken ct)
    {
        try
        {
            var batch = await DeliveryQueue.LoadAsync(db, ids, token, ct);
            // A claimed id no longer held under this token (its lease was taken meanwhile) is not ours to send.
            Interlocked.Add(ref _inFlight, batch.Count - ids.Count);
            return batch;
        }
        catch
        {
            Interlocked.Add(ref _inFlight, -ids.Count);
            throw;
        }
    }

    private async Task SendAsync(AsyncServiceScope scope, OfferwallDb db, Guid token, List<DueDelivery> batch, DateTime leaseUntil, CancellationToken ct)
    {
        await using var _ = scope;
        var recorded = new StrongBox<int>();
        var outcomes = Channel.CreateUnbounded<DeliveryOutcome>(new UnboundedChannelOptions { SingleReader = true });
        // Recorded whatever happens to the sends: a stopping worker leaves no delivery leased behind it.
        var recorder = RecordAsync(db, token, outcomes.Reader, recorded, CancellationToken.None);
        try
        {
            await Task.WhenAll(batch.Select(async due => outcomes.Writer.TryWrite(await DeliverInTurnAsync(due, leaseUntil, ct))));
        }
        finally
        {
            outcomes.Writer.Complete();
            try
            {
                await recorder;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Their leases run out and the deliveries go out again; none was marked delivered without its record.
                log.LogError(e, "Recording postback outcomes failed; their deliveries will be sent again after their lease");
            }
            finally
            {
                // What was not recorded is no longer in flight here either (its lease frees it for a later claim).
                Interlocked.Add(ref _inFlight, recorded.Value - batch.Count);
            }
        }
    }

    private async Task RecordAsync(OfferwallDb db, Guid token, ChannelReader<DeliveryOutcome> outcomes, StrongBox<int> recorded, CancellationToken ct)
    {
        var ready = new List<DeliveryOutcome>();
        while (await outcomes.WaitToReadAsync(ct))
        {
            while (outcomes.TryRead(out var outcome)) ready.Add(outcome);
            foreach (var id in await DeliveryQueue.CompleteAsync(db, token, ready, ct))
                log.LogWarning("Postback delivery {Id}: lease lost before its attempt was recorded", id);
            foreach (var dead in ready.Where(r => r.Result is { Success: false } && r.RetryAt is null))
                log.LogWarning("Postback delivery {Id} to partner {Partner} is dead after {Steps} failed attempts", dead.Due.Id, dead.Due.Partner.Id, dead.Due.RetryStep + 1);
            recorded.Value += ready.Count;
            Interlocked.Add(ref _inFlight, -ready.Count);
            ready.Clear();
            // Senders are free and leases cleared (a reversal's turn may have come): the main loop may claim again.
            signal.Notify();
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Time kept in hand at the end of a lease for recording the attempt after the send: 1 s, or half of
    /// what the lease leaves beyond the timeout if that is less (a delivery sent right after its claim always goes).
    /// </summary>
    private TimeSpan RecordMargin => TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, (options.Value.Lease - options.Value.Timeout).Ticks / 2));

    /// <summary>
    /// Waits for a sender of the delivery's partner, then for a shared one, then delivers. Once the server is stopping, a delivery not
    /// yet sent is handed back (no attempt), and one whose send the drain's end cancels is handed back too.
    /// </summary>
    private async Task<DeliveryOutcome> DeliverInTurnAsync(DueDelivery due, DateTime leaseUntil, CancellationToken ct)
    {
        try
        {
            return await SendInTurnAsync(due, leaseUntil, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new DeliveryOutcome(due, null, Now, null);
        }
    }

    private async Task<DeliveryOutcome> SendInTurnAsync(DueDelivery due, DateTime leaseUntil, CancellationToken ct)
    {
        var partner = _partnerSenders.GetOrAdd(due.Partner.Id, _ => new SemaphoreSlim(options.Value.PartnerConcurrency));
        await partner.WaitAsync(ct);
        try
        {
            await _senders.WaitAsync(ct);
            try
            {
                return await DeliverAsync(due, leaseUntil, ct);
            }
            finally
            {
                _senders.Release();
            }
        }
        finally
        {
            partner.Release();
        }
    }

    private async Task<DeliveryOutcome> DeliverAsync(DueDelivery due, DateTime leaseUntil, CancellationToken ct)
    {
        // A claimed delivery may wait for its partner's senders (behind a slow partner, for several timeouts), so send
        // only while the lease still covers a whole attempt; otherwise hand the delivery back untouched, since once the
        // lease has run out another worker may claim and send it.
        if (_stopping || string.IsNullOrEmpty(due.Partner.PostbackUrl) || Now + options.Value.Timeout + RecordMargin > leaseUntil)
            return new DeliveryOutcome(due, null, Now, null);
        // The send's span continues the trace of the request that queued the delivery (traces on).
        using var span = OfferwallTracing.StartContinuing("postback.deliver", System.Diagnostics.ActivityKind.Client, due.Row?.TraceParent);
        span?.SetTag("offerwall.delivery_id", due.Id).SetTag("offerwall.partner_id", due.Partner.Id);
        var result = await sender.SendAsync(due, ct);
        span?.SetTag("http.response.status_code", result.StatusCode);
        var now = Now;
        var retryAt = result.Success ? null : RetryLadder.Next(options.Value.Ladder, due.RetryStep + 1, options.Value.Jitter, Random.Shared.NextDouble(), now);
        return new DeliveryOutcome(due, result, now, retryAt);
    }
}
