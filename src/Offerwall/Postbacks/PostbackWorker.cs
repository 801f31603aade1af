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

    /// <summary>One round: claim a batch and deliver it. Returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var token = Guid.NewGuid();
        var claimedAt = Now;
        List<long> ids;
        await using (var scope = scopes.CreateAsyncScope())
            ids = await DeliveryQueue.ClaimAsync(scope.ServiceProvider.GetRequiredService<OfferwallDb>(), o.BatchSize, token, claimedAt, o.Lease, ct);
        var leaseUntil = claimedAt + o.Lease;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = ct },
            async (id, token2) => await DeliverAsync(id, token, leaseUntil, token2));
        return ids.Count;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Time kept in hand at the end of a lease for recording the attempt after the send: 1 s, or half of
    /// what the lease leaves beyond the timeout if that is less (a delivery sent right after its claim always goes).
    /// </summary>
    private TimeSpan RecordMargin => TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, (options.Value.Lease - options.Value.Timeout).Ticks / 2));

    private async Task DeliverAsync(long id, Guid lease, DateTime leaseUntil, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OfferwallDb>();
        var due = await DeliveryQueue.LoadAsync(db, id, ct);
        if (due is null || string.IsNullOrEmpty(due.Partner.PostbackUrl)) return;
        // A claimed delivery waits in its batch for a free sender (Concurrency at a time); behind slow partners
        // that can outlast the lease, and once the lease has run out another worker may claim and send it. So
        // send only while the lease still covers a whole attempt; otherwise hand the delivery back untouched.
        if (Now + options.Value.Timeout + RecordMargin > leaseUntil)
        {
            await DeliveryQueue.ReleaseAsync(db, id, lease, ct);
            return;
        }
        var result = await sender.SendAsync(due, ct);
        var now = Now;
        var retryAt = result.Success ? null : RetryLadder.Next(options.Value.Ladder, due.RetryStep + 1, options.Value.Jitter, Random.Shared.NextDouble(), now);
        if (!await DeliveryQueue.CompleteAsync(db, id, lease, result, now, retryAt, ct))
            log.LogWarning("Postback delivery {Id}: lease lost before its attempt was recorded", id);
        else if (!result.Success && retryAt is null)
            log.LogWarning("Postback delivery {Id} to partner {Partner} is dead after {Steps} failed attempts", id, due.Partner.Id, due.RetryStep + 1);
    }
}
