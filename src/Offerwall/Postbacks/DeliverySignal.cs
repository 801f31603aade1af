using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Offerwall.Postbacks;

/// <summary>Wakes this process's postback worker when a delivery it wrote is committed, so the first attempt does not wait for the next poll.</summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        lock (_signal)
            if (_signal.CurrentCount == 0) _signal.Release();
    }

    /// <summary>Returns when notified or after <paramref name="max"/> of the clock, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan max, TimeProvider clock, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var signalled = _signal.WaitAsync(cts.Token);
        var elapsed = Task.Delay(max, clock, cts.Token);
        await Task.WhenAny(signalled, elapsed);
        await cts.CancelAsync();
        try { await Task.WhenAll(signalled, elapsed); } catch (OperationCanceledException) { }
        ct.ThrowIfCancellationRequested();
    }
}

/// <summary>Notices deliveries added to a context and signals once they are committed.</summary>
public sealed class DeliveryNotifier(DeliverySignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> Queued = [];
    private static readonly object Mark = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null) Fire(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null) Fire(eventData.Context);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Fire(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Fire(eventData.Context);

    private static void Remember(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<PostbackDelivery>().Any(e => e.State == EntityState.Added))
            Queued.AddOrUpdate(context, Mark);
    }

    private void Fire(DbContext? context)
    {
        if (context is not null && Queued.Remove(context)) signal.Notify();
    }
}
