using Microsoft.EntityFrameworkCore;
using Offerwall.Data;

namespace Offerwall.Offers;

public static class Promotions
{
    /// <summary>Promotions running at <paramref name="now"/> that cover this offer for this partner.</summary>
    public static async Task<List<Promotion>> RunningAsync(OfferwallDb db, long offerId, long partnerId, DateTime now, CancellationToken ct)
    {
        var running = new List<Promotion>();
        await foreach (var p in Running.For(db)(db, offerId, partnerId, now).WithCancellation(ct)) running.Add(p);
        return running;
    }

    // Compiled: asked on every conversion and every offer shown (see RecordConversion.Lookup).
    private static readonly PerEngine<Func<OfferwallDb, long, long, DateTime, IAsyncEnumerable<Promotion>>> Running = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, long offerId, long partnerId, DateTime now) =>
            db.Promotions.AsNoTracking()
                .Where(p => p.StartsAt <= now && now < p.EndsAt)
                .Where(p => (p.OfferId == null || p.OfferId == offerId) && (p.PartnerId == null || p.PartnerId == partnerId))));
}
