using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Partners;
using Offerwall.Web;

namespace Offerwall.Clicks;

/// <summary>
/// A user starts an offer: their user row and their click for that offer are created the first
/// time (unique indexes decide between concurrent starts) and reused afterwards, so a restart
/// keeps its <c>tx_id</c>. Returns the click and the advertiser's tracking link carrying it.
/// </summary>
public static class StartOffer
{
    public sealed record Started(Click Click, string ContinueUrl, bool IsNew);

    /// <summary>What the server saw of the user when they started: address, user agent, country ("" unknown) and platform.</summary>
    public sealed record Seen(string Ip, string UserAgent, string Country, string Platform);

    public static async Task<Started> StartAsync(OfferwallDb db, Partner partner, string externalUserId, Offer offer, Seen seen,
        DateTime now, CancellationToken ct, string? txId = null)
    {
        var userId = await UserIdAsync(db, partner.Id, externalUserId, now, ct);
        var click = await db.Clicks.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId && c.OfferId == offer.Id, ct);
        var isNew = false;
        if (click is null)
        {
            click = new Click
            {
                TxId = txId ?? PartnerKeys.RandomToken(18), PartnerId = partner.Id, UserId = userId, OfferId = offer.Id,
                Ip = Truncate(seen.Ip, 64), UserAgent = Truncate(seen.UserAgent, 512), Country = seen.Country, Platform = seen.Platform, CreatedAt = now,
            };
            db.Clicks.Add(click);
            try
            {
                await db.SaveChangesAsync(ct);
                isNew = true;
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                click = await db.Clicks.AsNoTracking().FirstAsync(c => c.UserId == userId && c.OfferId == offer.Id, ct);
            }
            db.ChangeTracker.Clear();
        }
        return new Started(click, TrackingLink.Render(offer.TrackingUrl, click, externalUserId, partner, offer), isNew);
    }

    /// <param name="txId">Only the demo data passes its own (documented) click ids; real clicks get random ones.</param>
    /// <summary>The user's row id, created on first sight; the id is compared case-insensitively.</summary>
    public static async Task<long> UserIdAsync(OfferwallDb db, long partnerId, string externalId, DateTime now, CancellationToken ct)
    {
        var id = await PartnerUsers.IdAsync(db, partnerId, externalId, ct);
        if (id is not null) return id.Value;
        var user = new User { PartnerId = partnerId, ExternalId = externalId, ExternalIdKey = User.KeyOf(externalId), CreatedAt = now };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
            return user.Id;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return await PartnerUsers.ByExternalId(db, partnerId, externalId).Select(u => u.Id).FirstAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
