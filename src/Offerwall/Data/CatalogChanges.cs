using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Offerwall.Data;

/// <summary>
/// A count, per database, of committed changes to the offer catalog (offers and goals) and to partners made by this process, so that
/// the copies held in memory for the client API (ClientApi/LiveCatalog.cs, ClientApi/PartnerTokens.cs) are dropped at once after a
/// change here. <see cref="CatalogChangesInterceptor"/> counts every SaveChanges that adds, changes or deletes an offer, a goal or a
/// partner, after its commit; a bulk UPDATE of offers or partners counts itself.
/// Changes made by other nodes reach those copies by their age limit instead. A database is its connection string.
/// </summary>
public static class CatalogChanges
{
    private static readonly ConcurrentDictionary<string, StrongBox<long>> Counts = new(StringComparer.Ordinal);

    private static StrongBox<long> CountOf(DbContext db) => Counts.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new StrongBox<long>());

    public static long Version(DbContext db) => Interlocked.Read(ref CountOf(db).Value);

    public static void Count(DbContext db) => Interlocked.Increment(ref CountOf(db).Value);

    /// <summary>
    /// Counts a bulk UPDATE (past SaveChanges) that changed <paramref name="changed"/> rows, once it has committed, when it changed any;
    /// returns <paramref name="changed"/>.
    /// </summary>
    public static int Counted(DbContext db, int changed)
    {
        if (changed > 0) Count(db);
        return changed;
    }
}
