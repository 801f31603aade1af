using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Offerwall.Data;

/// <summary>
/// Counts a change of the offer catalog or of a partner (<see cref="CatalogChanges"/>) once it is committed: after SaveChanges, and again when the
/// context's own transaction commits (a copy loaded between the two would hold what was not yet committed). Registered on every context
/// (<see cref="Database.Configure"/>).
/// </summary>
public sealed class CatalogChangesInterceptor : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public static readonly CatalogChangesInterceptor Instance = new();

    // The contexts that saved a catalog change inside a transaction not yet committed.
    private readonly ConditionalWeakTable<DbContext, object> pending = [];

    private static bool Touches(DbContext? context) => context is not null && context.ChangeTracker.Entries()
        .Any(e => e.Entity is Offer or Goal or Partner && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // A failed save outside a transaction changed nothing: its mark must not count the context's next save (pooled contexts live on).
    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    private void Failed(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null) pending.Remove(context);
    }

    private void Mark(DbContext? context)
    {
        if (Touches(context)) pending.AddOrUpdate(context!, this);
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !pending.TryGetValue(context, out _)) return;
        CatalogChanges.Count(context);
        if (context.Database.CurrentTransaction is null) pending.Remove(context);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Committed(DbContext? context)
    {
        if (context is null || !pending.TryGetValue(context, out _)) return;
        pending.Remove(context);
        CatalogChanges.Count(context);
    }

    private void Forget(DbContext? context)
    {
        if (context is not null) pending.Remove(context);
    }
}
