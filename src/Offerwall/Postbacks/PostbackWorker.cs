using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Offerwall.Data;

namespace Offerwall.Postbacks;

/// <summary>
/// Sends the outbox: claims due deliveries (a lease, shared safely with other processes), sends
/// them in parallel, records each attempt, and schedules the next one on the retry ladder or marks
/// the delivery dead. Wakes when this process commits a delivery, and polls for the rest.
/// </summary>
public sealed class PostbackWorker(IServiceScopeFactory scopes, PostbackSender sender, DeliverySignal signal, TimeProvider clock,
    IOptions<PostbackOptions> options, ILogger<PostbackWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Postback round failed; trying again");
            }
            try
            {
                // Something was sent: look again at once (it may have unblocked a reversal). Nothing: wait for a signal or the poll.
                if (claimed == 0) await signal.WaitAsync(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One round: claim a batch, load it (a few queries for the whole batch), send up to Concurrency at a
    /// time, and record the outcomes as they come in: one recorder writes everything that finished while
    /// its previous write ran in one transaction, so under load a write covers many deliveries and when
    /// idle each is recorded at once. Returns how many were claimed.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var token = Guid.NewGuid();
        var claimedAt = Now;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OfferwallDb>();
        var ids = await DeliveryQueue.ClaimAsync(db, o.BatchSize, token, claimedAt, o.Lease, ct);
        if (ids.Count == 0) return 0;
        var leaseUntil = claimedAt + o.Lease;
        var batch = await DeliveryQueue.LoadAsync(db, ids, token, ct);

        var outcomes = Channel.CreateUnbounded<DeliveryOutcome>(new UnboundedChannelOptions { SingleReader = true });
        var recorder = RecordAsync(db, token, outcomes.Reader, ct);
        try
        {
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = ct },
                async (due, token2) => outcomes.Writer.TryWrite(await DeliverAsync(due, leaseUntil, token2)));
        }
        finally
        {
            outcomes.Writer.Complete();
            await recorder;
        }
        return ids.Count;
    }

    private async Task RecordAsync(OfferwallDb db, Guid token, ChannelReader<DeliveryOutcome> outcomes, CancellationToken ct)
    {
        var ready = new List<DeliveryOutcome>();
        while (await outcomes.WaitToReadAsync(ct))
        {
            while (outcomes.TryRead(out var outcome)) ready.Add(outcome);
            foreach (var id in await DeliveryQueue.CompleteAsync(db, token, ready, ct))
                log.LogWarning("Postback delivery {Id}: lease lost before its attempt was recorded", id);
            foreach (var dead in ready.Where(r => r.Result is { Success: false } && r.RetryAt is null))
                log.LogWarning("Postback delivery {Id} to partner {Partner} is dead after {Steps} failed attempts", dead.Due.Id, dead.Due.Partner.Id, dead.Due.RetryStep + 1);
            ready.Clear();
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Time kept in hand at the end of a lease for recording the attempt after the send: 1 s, or half of
    /// what the lease leaves beyond the timeout if that is less (a delivery sent right after its claim always goes).
    /// </summary>
    private TimeSpan RecordMargin => TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, (options.Value.Lease - options.Value.Timeout).Ticks / 2));

    private async Task<DeliveryOutcome> DeliverAsync(DueDelivery due, DateTime leaseUntil, CancellationToken ct)
    {
        // A claimed delivery waits in its batch for a free sender (Concurrency at a time); behind slow partners
        // that can outlast the lease, and once the lease has run out another worker may claim and send it. So
        // send only while the lease still covers a whole attempt; otherwise hand the delivery back untouched.
        if (string.IsNullOrEmpty(due.Partner.PostbackUrl) || Now + options.Value.Timeout + RecordMargin > leaseUntil)
            return new DeliveryOutcome(due, null, Now, null);
        var result = await sender.SendAsync(due, ct);
        var now = Now;
        var retryAt = result.Success ? null : RetryLadder.Next(options.Value.Ladder, due.RetryStep + 1, options.Value.Jitter, Random.Shared.NextDouble(), now);
        return new DeliveryOutcome(due, result, now, retryAt);
    }
}
