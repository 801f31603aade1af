using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Offerwall.Conversions;
using Offerwall.Data;
using Offerwall.PartnerApi;
using Offerwall.Partners;

namespace Offerwall.Postbacks;

/// <summary>A delivery ready to send: where, signed with what, and its values.</summary>
public sealed record DueDelivery(long Id, int RetryStep, Partner Partner, IReadOnlyDictionary<string, string> Values);

/// <summary>What one attempt got: a status code within the timeout, or an error.</summary>
public sealed record AttemptResult(string Url, int? StatusCode, int LatencyMs, string Response)
{
    public bool Success => StatusCode is >= 200 and < 300;
}

/// <summary>
/// The outbox as a work queue shared by every worker on one database. A worker claims due
/// deliveries by stamping a lease (until, token) on them in one statement; on PostgreSQL the
/// rows are picked with FOR UPDATE SKIP LOCKED so concurrent workers take disjoint sets without
/// waiting. A delivery is due when it is pending, its time has come, its partner has a URL, no one
/// holds a live lease on it, and every earlier delivery of the same conversion has been delivered
/// (so a reversal never overtakes the conversion it reverses). Hand-written SQL, because EF Core
/// has no UPDATE … RETURNING over a locked subquery; this is the only such place.
/// </summary>
public static class DeliveryQueue
{
    public static async Task<List<long>> ClaimAsync(OfferwallDb db, int batch, Guid token, DateTime now, TimeSpan lease, CancellationToken ct)
    {
        var until = now + lease;
        var pending = (int)DeliveryStatus.Pending;
        var delivered = (int)DeliveryStatus.Delivered;
        var sql = db.Database.IsNpgsql()
            ? (FormattableString)$"""
               UPDATE postback_deliveries AS d SET lease_until = {until}, lease_token = {token}
               WHERE d.id IN (
                   SELECT c.id FROM postback_deliveries AS c JOIN partners AS p ON p.id = c.partner_id
                   WHERE c.status = {pending} AND c.next_attempt_at <= {now} AND (c.lease_until IS NULL OR c.lease_until < {now})
                     AND p.postback_url IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM postback_deliveries AS e WHERE e.conversion_id = c.conversion_id AND e.id < c.id AND e.status <> {delivered})
                   ORDER BY c.next_attempt_at, c.id
                   LIMIT {batch}
                   FOR UPDATE OF c SKIP LOCKED)
               RETURNING d.id AS "Value"
               """
            : (FormattableString)$"""
               UPDATE postback_deliveries SET lease_until = {until}, lease_token = {token}
               WHERE id IN (
                   SELECT c.id FROM postback_deliveries AS c JOIN partners AS p ON p.id = c.partner_id
                   WHERE c.status = {pending} AND c.next_attempt_at <= {now} AND (c.lease_until IS NULL OR c.lease_until < {now})
                     AND p.postback_url IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM postback_deliveries AS e WHERE e.conversion_id = c.conversion_id AND e.id < c.id AND e.status <> {delivered})
                   ORDER BY c.next_attempt_at, c.id
                   LIMIT {batch})
               RETURNING id AS "Value"
               """;
        return await db.Database.SqlQuery<long>(sql).ToListAsync(ct);
    }

    /// <summary>The values of a claimed delivery: from its ledger row when it has one, else from the conversion (stateful postbacks).</summary>
    public static async Task<DueDelivery?> LoadAsync(OfferwallDb db, long id, CancellationToken ct)
    {
        var delivery = await db.PostbackDeliveries.AsNoTracking().Include(d => d.Ledger).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null) return null;
        var partner = await db.Partners.AsNoTracking().FirstAsync(p => p.Id == delivery.PartnerId, ct);
        var facts = await ConversionLifecycle.Facts(db, db.Conversions.Where(c => c.Id == delivery.ConversionId)).FirstAsync(ct);
        return new DueDelivery(id, delivery.RetryStep, partner, Values(delivery, facts));
    }

    public static Dictionary<string, string> Values(PostbackDelivery delivery, ConversionFacts facts)
    {
        static string Amount(decimal d) => Money.Normalize(d).ToString(CultureInfo.InvariantCulture);
        var c = facts.Conversion;
        var l = delivery.Ledger;
        return new Dictionary<string, string>
        {
            ["user_id"] = l?.UserExternalId ?? facts.UserExternalId,
            ["transaction_id"] = c.Id.ToString(CultureInfo.InvariantCulture),
            ["reward"] = Amount(l?.Reward ?? c.Reward),
            ["reward_local_currency"] = Amount(l?.RewardLocal ?? c.RewardLocal),
            ["payout"] = Amount(l?.Payout ?? c.Payout),
            ["offer_id"] = l?.OfferPublicId ?? facts.OfferPublicId,
            ["offer_name"] = l?.OfferName ?? facts.OfferName,
            ["goal_id"] = l?.GoalPublicId ?? facts.GoalPublicId,
            ["note"] = l?.Note ?? facts.GoalName,
            ["reverse"] = delivery.Reverse ? "1" : "0",
            ["type"] = c.Kind == Offers.OfferKind.Survey ? "survey" : "offer",
            ["survey_id"] = c.SurveyId ?? "",
            ["date_time"] = EasternTime.Format(l?.OccurredAt ?? delivery.CreatedAt),
            ["status"] = delivery.Event,
            ["delivery_id"] = delivery.Id.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// Records an attempt and moves the delivery on: delivered, due again later on the ladder, or
    /// dead. Only while this worker still holds the lease (<paramref name="token"/>); false if it lost it.
    /// </summary>
    public static async Task<bool> CompleteAsync(OfferwallDb db, long id, Guid token, AttemptResult result, DateTime now, DateTime? retryAt, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var latency = result.LatencyMs;
        var changed = result.Success
            ? await db.PostbackDeliveries.Where(d => d.Id == id && d.LeaseToken == token).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Delivered).SetProperty(d => d.DeliveredAt, now)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.LeaseUntil, (DateTime?)null).SetProperty(d => d.LeaseToken, (Guid?)null), ct)
            : await db.PostbackDeliveries.Where(d => d.Id == id && d.LeaseToken == token).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, retryAt == null ? DeliveryStatus.Dead : DeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAt, d => retryAt ?? d.NextAttemptAt)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.RetryStep, d => d.RetryStep + 1)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null).SetProperty(d => d.LeaseToken, (Guid?)null), ct);
        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        db.PostbackAttempts.Add(new PostbackAttempt
        {
            DeliveryId = id, At = now, Url = result.Url.Length > 2048 ? result.Url[..2048] : result.Url, StatusCode = result.StatusCode,
            LatencyMs = latency, Response = result.Response,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>Gives back a claimed delivery without an attempt (its lease is dropped, if this worker still holds it), so the next round takes it.</summary>
    public static Task<int> ReleaseAsync(OfferwallDb db, long id, Guid token, CancellationToken ct) =>
        db.PostbackDeliveries.Where(d => d.Id == id && d.LeaseToken == token)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, (DateTime?)null).SetProperty(d => d.LeaseToken, (Guid?)null), ct);

    /// <summary>Queues a delivery again from the start of the ladder, whatever its state. False: no such delivery.</summary>
    public static async Task<bool> ReplayAsync(OfferwallDb db, long id, long? partnerId, DateTime now, CancellationToken ct)
    {
        var query = db.PostbackDeliveries.Where(d => d.Id == id);
        if (partnerId is not null) query = query.Where(d => d.PartnerId == partnerId);
        return await query.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now)
            .SetProperty(d => d.RetryStep, 0).SetProperty(d => d.LeaseUntil, (DateTime?)null).SetProperty(d => d.LeaseToken, (Guid?)null), ct) > 0;
    }

    /// <summary>Queues again every dead delivery of a partner created in [from, to); returns how many.</summary>
    public static Task<int> ReplayDeadAsync(OfferwallDb db, long? partnerId, DateTime fromUtc, DateTime toUtc, DateTime now, CancellationToken ct)
    {
        var query = db.PostbackDeliveries.Where(d => d.Status == DeliveryStatus.Dead && d.CreatedAt >= fromUtc && d.CreatedAt < toUtc);
        if (partnerId is not null) query = query.Where(d => d.PartnerId == partnerId);
        return query.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now)
            .SetProperty(d => d.RetryStep, 0).SetProperty(d => d.LeaseUntil, (DateTime?)null).SetProperty(d => d.LeaseToken, (Guid?)null), ct);
    }
}
