using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Fraud;
using Offerwall.Partners;
using Offerwall.Web;

namespace Offerwall.Clicks;

/// <summary>
/// A user starts an offer: their user row and their click for that offer are created the first
/// time (unique indexes decide between concurrent starts) and reused afterwards, so a restart
/// keeps its <c>tx_id</c> (and the sub_id and tags of the first start). Returns the click and the
/// advertiser's tracking link carrying it.
/// </summary>
public static class StartOffer
{
    /// <summary>The click and its tracking link; or, when the fraud rules rejected a new click (<see cref="Screening"/>), no click and nothing written.</summary>
    public sealed record Started(Click? Click, string ContinueUrl, bool IsNew, Verdict Screening);

    /// <summary>
    /// What the server saw of the user when they started: address, user agent, country ("" unknown) and platform; the device ids the app
    /// sent, what the anonymizer lookups found of the address (comma-separated; "" nothing), and the partner's sub_id and tags.
    /// </summary>
    public sealed record Seen(string Ip, string UserAgent, string Country, string Platform)
    {
        public DeviceIds Devices { get; init; } = DeviceIds.None;
        public string Anonymizer { get; init; } = "";
        public ClickLabels Labels { get; init; } = ClickLabels.None;
    }

    /// <summary>The user as the caller already looked them up: their row id, or null for a user not seen before.</summary>
    public sealed record LookedUp(long? UserId);

    /// <param name="rules">The fraud rules for this partner and offer, checked before a new click is made (<see cref="RiskCheck.AtStartAsync"/>).</param>
    /// <param name="user">The user's lookup when the caller made it (the client API, for the block); null: looked up here.</param>
    public static async Task<Started> StartAsync(OfferwallDb db, Partner partner, string externalUserId, Offer offer, Seen seen,
        DateTime now, CancellationToken ct, string? txId = null, RuleBook? rules = null, LookedUp? user = null)
    {
        var known = user is not null ? user.UserId : await PartnerUsers.IdAsync(db, partner.Id, externalUserId, ct);
        var click = known is null ? null : await db.Clicks.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == known && c.OfferId == offer.Id, ct);
        if (click is not null) return new Started(click, TrackingLink.Render(offer.TrackingUrl, click, externalUserId, partner, offer), false, Verdict.Clean);
        var ip = Truncate(seen.Ip, 64);
        var screening = rules is null || rules.IsEmpty
            ? Verdict.Clean
            : await RiskCheck.AtStartAsync(db, rules, new RiskProbe(partner.Id, offer.Id, known, externalUserId, ip, seen.Devices.Key, seen.Country, null), now, ct);
        if (screening.Outcome == RuleOutcome.Reject) return new Started(null, "", false, screening);
        var userId = known ?? await CreateUserAsync(db, partner.Id, externalUserId, now, ct);
        var isNew = false;
        click = new Click
        {
            TxId = txId ?? PartnerKeys.RandomToken(18), PartnerId = partner.Id, UserId = userId, OfferId = offer.Id,
            Ip = ip, UserAgent = Truncate(seen.UserAgent, 512), Country = seen.Country, Platform = seen.Platform, CreatedAt = now,
            DeviceId = seen.Devices.DeviceId, Idfa = seen.Devices.Idfa, Gaid = seen.Devices.Gaid, DeviceKey = seen.Devices.Key,
            Anonymizer = seen.Anonymizer, RiskOutcome = (int)screening.Outcome, RiskFindings = screening.Store(),
            SubId = seen.Labels.SubId, Tags = seen.Labels.Tags,
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
        return new Started(click, TrackingLink.Render(offer.TrackingUrl, click, externalUserId, partner, offer), isNew, screening);
    }

    /// <param name="txId">Only the demo data passes its own (documented) click ids; real clicks get random ones.</param>
    /// <summary>The user's row id, created on first sight; the id is compared case-insensitively.</summary>
    public static async Task<long> UserIdAsync(OfferwallDb db, long partnerId, string externalId, DateTime now, CancellationToken ct) =>
        await PartnerUsers.IdAsync(db, partnerId, externalId, ct) ?? await CreateUserAsync(db, partnerId, externalId, now, ct);

    /// <summary>A user seen for the first time; if a concurrent request created them first, theirs.</summary>
    private static async Task<long> CreateUserAsync(OfferwallDb db, long partnerId, string externalId, DateTime now, CancellationToken ct)
    {
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
