using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;

namespace Offerwall.Offers;

/// <summary>
/// Which promotions run. Asked on every conversion and every offer shown, so the promotions that have
/// not yet ended are kept in memory per database and read again at most every <see cref="Refresh"/>:
/// a running promotion then costs no database round trip. Whether one runs at a given instant is
/// decided here, exactly, from its stored start and end. A promotion created on this node counts at
/// once (<see cref="Forget"/>); one created on another node within <see cref="Refresh"/>
/// (docs/ledger.md). It saves a round trip per conversion and per offer shown (docs/performance.md).
/// </summary>
public static class Promotions
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    /// <summary>The promotions not ended at <see cref="Now"/> (database time), as read at <see cref="ReadAt"/> (this process's clock).</summary>
    private sealed record Snapshot(DateTime Now, long ReadAt, Promotion[] Open);

    private static readonly ConcurrentDictionary<string, Snapshot> Known = new(StringComparer.Ordinal);

    /// <summary>Promotions running at <paramref name="now"/> that cover this offer for this partner.</summary>
    public static async Task<List<Promotion>> RunningAsync(OfferwallDb db, long offerId, long partnerId, DateTime now, CancellationToken ct) =>
        (await RunningForPartnerAsync(db, partnerId, now, ct)).FindAll(p => p.OfferId == null || p.OfferId == offerId);

    /// <summary>Promotions running at <paramref name="now"/> for this partner, on any offer.</summary>
    public static async Task<List<Promotion>> RunningForPartnerAsync(OfferwallDb db, long partnerId, DateTime now, CancellationToken ct) =>
        (await OpenAsync(db, now, ct)).Where(p => Runs(p, now) && (p.PartnerId == null || p.PartnerId == partnerId)).ToList();

    /// <summary>Drops what is known of this database's promotions: after one was written here.</summary>
    public static void Forget(OfferwallDb db) => Known.TryRemove(db.Database.GetConnectionString() ?? "", out _);

    private static bool Runs(Promotion p, DateTime now) => p.StartsAt <= now && now < p.EndsAt;

    private static async Task<Promotion[]> OpenAsync(OfferwallDb db, DateTime now, CancellationToken ct)
    {
        var key = db.Database.GetConnectionString() ?? "";
        // A snapshot serves instants from its own on (a clock set back, as tests may do, reads afresh).
        if (Known.TryGetValue(key, out var known) && known.Now <= now && Environment.TickCount64 - known.ReadAt < Refresh.TotalMilliseconds)
            return known.Open;
        var open = await NotEnded.For(db)(db, now).ToArrayAsync(ct);
        Known[key] = new Snapshot(now, Environment.TickCount64, open);
        return open;
    }

    // Compiled: see RecordConversion.Lookup.
    private static readonly PerEngine<Func<OfferwallDb, DateTime, IAsyncEnumerable<Promotion>>> NotEnded = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, DateTime now) => db.Promotions.AsNoTracking().Where(p => now < p.EndsAt)));
}
