using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Offerwall.Data;

namespace Offerwall.ClientApi;

/// <summary>
/// The active offers with their goals, held in memory for the wall's offer list and the offer start (the most asked surfaces of the
/// client API), in place of two queries and the materializing of every offer on each request (docs/performance.md).
/// <para>
/// How fresh: a copy is dropped at once when this process commits a change of an offer or a goal (<see cref="CatalogChanges"/>), and
/// otherwise once it is <see cref="ClientApiOptions.CatalogMaxAge"/> old, which bounds how long another node's change takes to show.
/// What depends on the clock (the schedule) is decided per request on the copy; what depends on conversions is never copied: cap
/// standings are read from the database on each request, and caps and budgets are taken, exactly, when a conversion is recorded.
/// </para>
/// The offers and goals of a copy are shared by every request: nothing may change them.
/// </summary>
public sealed class LiveCatalog(IOptions<ClientApiOptions> options)
{
    /// <summary>One copy: the active offers in id order, each with its goals, and by integer and public id.</summary>
    public sealed class Snapshot(List<Offer> offers, long version, long loadedAt)
    {
        public IReadOnlyList<Offer> Offers { get; } = offers;
        public IReadOnlyDictionary<long, Offer> ById { get; } = offers.ToDictionary(o => o.Id);
        public IReadOnlyDictionary<string, Offer> ByPublicId { get; } = offers.ToDictionary(o => o.PublicId, StringComparer.Ordinal);
        internal long Version { get; } = version;
        internal long LoadedAt { get; } = loadedAt;

        // The JSON of each offer as a user who has not started it sees it, per partner currency, links and promotions (OfferCatalog.ListJsonAsync).
        private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, byte[]>> fragments = new(StringComparer.Ordinal);

        /// <summary>The offers' JSON kept for one partner's view (<paramref name="view"/>); dropped with the copy, and when too many views pile up.</summary>
        internal ConcurrentDictionary<long, byte[]> FragmentsFor(string view)
        {
            if (fragments.Count >= MaxViews) fragments.Clear();
            return fragments.GetOrAdd(view, _ => new ConcurrentDictionary<long, byte[]>());
        }
    }

    private const int MaxViews = 1_000;

    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Snapshot? current;

    /// <summary>The current copy, loaded (once, whoever asks at the same time) when there is none fresh.</summary>
    public async ValueTask<Snapshot> GetAsync(OfferwallDb db, CancellationToken ct)
    {
        if (current is { } fresh && IsFresh(db, fresh)) return fresh;
        await loading.WaitAsync(ct);
        try
        {
            if (current is { } loaded && IsFresh(db, loaded)) return loaded;
            // The count before the read: a change committed during the read makes the copy stale at once.
            var version = CatalogChanges.Version(db);
            var loadedAt = Environment.TickCount64;
            var offers = await db.Offers.AsNoTracking().Where(o => o.IsActive).OrderBy(o => o.Id).ToListAsync(ct);
            // Goals apart from offers: one flat read (an Include of a collection costs far more to materialize per row).
            var goals = await db.Goals.AsNoTracking().Where(g => db.Offers.Any(o => o.Id == g.OfferId && o.IsActive))
                .OrderBy(g => g.OfferId).ThenBy(g => g.Id).ToListAsync(ct);
            var byOffer = goals.GroupBy(g => g.OfferId).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var offer in offers) offer.Goals = byOffer.GetValueOrDefault(offer.Id) ?? [];
            return current = new Snapshot(offers, version, loadedAt);
        }
        finally
        {
            loading.Release();
        }
    }

    private bool IsFresh(OfferwallDb db, Snapshot snapshot) =>
        snapshot.Version == CatalogChanges.Version(db) && Environment.TickCount64 - snapshot.LoadedAt < options.Value.CatalogMaxAge.TotalMilliseconds;
}
