using Microsoft.EntityFrameworkCore;
using Offerwall.Data;

namespace Offerwall.Offers;

public static class Promotions
{
    /// <summary>Promotions running at <paramref name="now"/> that cover this offer for this partner.</summary>
    public static Task<List<Promotion>> RunningAsync(OfferwallDb db, long offerId, long partnerId, DateTime now, CancellationToken ct) =>
        db.Promotions.AsNoTracking()
            .Where(p => p.StartsAt <= now && now < p.EndsAt)
            .Where(p => (p.OfferId == null || p.OfferId == offerId) && (p.PartnerId == null || p.PartnerId == partnerId))
            .ToListAsync(ct);
}
