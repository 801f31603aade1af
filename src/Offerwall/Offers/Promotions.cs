using Microsoft.EntityFrameworkCore;
using Offerwall.Data;

namespace Offerwall.Offers;

/// <summary>
/// Which promotions run (a singleton: one per server, so one per database). Asked on every conversion
/// and every offer shown, so the promotions that have not yet ended are kept in memory and read again
/// at most every <see cref="Refresh"/> of <paramref name="clock"/>: a running promotion then costs no
/// database round trip. Whether one runs at a given instant is decided here, exactly, from its stored
/// start and end. A promotion created through this server counts at once (its endpoint calls
/// <see cref="Forget"/>); one created by another server or the command line within <see cref="Refresh"/>
/// (docs/ledger.md). It saves a round trip per conversion and per offer shown (docs/performance.md).
/// </summary>
public sealed class Promotions(TimeProvider clock)
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    /// <summary>The promotions not ended at <see cref="Now"/> (database time), as read at <see cref="ReadAt"/> (a timestamp of the clock).</summary>
    private sealed record Snapshot(DateTime Now, long ReadAt, Promotion[] Open);

    private volatile Snapshot? _known;

    /// <summary>Promotions running at <paramref name="now"/> that cover this offer for this partner.</summary>
    public async Task<List<Promotion>> RunningAsync(OfferwallDb db, long offerId, long partnerId, DateTime now, CancellationToken ct) =>
        (await RunningForPartnerAsync(db, partnerId, now, ct)).FindAll(p => p.OfferId == null || p.OfferId == offerId);

    /// <summary>Promotions running at <paramref name="now"/> for this partner, on any offer.</summary>
    public async Task<List<Promotion>> RunningForPartnerAsync(OfferwallDb db, long partnerId, DateTime now, CancellationToken ct) =>
        (await OpenAsync(db, now, ct)).Where(p => Runs(p, now) && (p.PartnerId == null || p.PartnerId == partnerId)).ToList();

    /// <summary>Drops what is known of the promotions: after one was written through this server.</summary>
    public void Forget() => _known = null;

    private static bool Runs(Promotion p, DateTime now) => p.StartsAt <= now && now < p.EndsAt;

    private async Task<Promotion[]> OpenAsync(OfferwallDb db, DateTime now, CancellationToken ct)
    {
        // A snapshot serves instants from its own on (a clock set back, as tests may do, reads afresh).
        if (_known is { } known && known.Now <= now && clock.GetElapsedTime(known.ReadAt) < Refresh)
            return known.Open;
        var open = await NotEnded.For(db)(db, now).ToArrayAsync(ct);
        _known = new Snapshot(now, clock.GetTimestamp(), open);
        return open;
    }

    // Compiled: see RecordConversion.Lookup.
    private static readonly PerEngine<Func<OfferwallDb, DateTime, IAsyncEnumerable<Promotion>>> NotEnded = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, DateTime now) => db.Promotions.AsNoTracking().Where(p => now < p.EndsAt)));
}
