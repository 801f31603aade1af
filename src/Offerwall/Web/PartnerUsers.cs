using Microsoft.EntityFrameworkCore;
using Offerwall.Data;

namespace Offerwall.Web;

/// <summary>A partner's users by the id the partner gives them, which is compared case-insensitively (<see cref="User.KeyOf"/>).</summary>
public static class PartnerUsers
{
    /// <summary>The partner's user with this external id in any case (at most one row).</summary>
    public static IQueryable<User> ByExternalId(OfferwallDb db, long partnerId, string externalId)
    {
        var key = User.KeyOf(externalId);
        return db.Users.Where(u => u.PartnerId == partnerId && u.ExternalIdKey == key);
    }

    /// <summary>The row id of the partner's user with this external id; null: never seen.</summary>
    public static Task<long?> IdAsync(OfferwallDb db, long partnerId, string externalId, CancellationToken ct) =>
        ByExternalId(db, partnerId, externalId).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
}
