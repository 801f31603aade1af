using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Offerwall.Conversions;

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

/// <summary>
/// Signals the worker once deliveries added to a context (<see cref="ConversionLifecycle.Record"/>
/// marks the context) are saved outside a transaction or committed with one.
/// </summary>
public sealed class DeliveryNotifier(DeliverySignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
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

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    /// <summary>For writes that bypass SaveChanges and commit by themselves (<see cref="Data.OfferwallDb.DeliveriesCommitted"/>).</summary>
    internal void Wake() => signal.Notify();

    private void Fire(DbContext? context)
    {
        if (context is not Data.OfferwallDb { DeliveriesAdded: true } db) return;
        db.DeliveriesAdded = false;
        signal.Notify();
    }

    private static void Forget(DbContext? context)
    {
        if (context is Data.OfferwallDb db) db.DeliveriesAdded = false;
    }
}
