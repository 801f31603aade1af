using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Postbacks;

/// <summary>A delivery ready to send: where, signed with what, and its values.</summary>
public sealed record DueDelivery(long Id, int RetryStep, Partner Partner, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The row as loaded (tracked) by <see cref="DeliveryQueue.LoadAsync"/>, for recording the outcome.</summary>
    public PostbackDelivery? Row { get; init; }
}

/// <summary>What became of a claimed delivery: an attempt made at <paramref name="At"/> (and when to retry), or none (<paramref name="Result"/> null: given back).</summary>
public sealed record DeliveryOutcome(DueDelivery Due, AttemptResult? Result, DateTime At, DateTime? RetryAt);

/// <summary>What one attempt got: a status code within the timeout, or an error.</summary>
public sealed record AttemptResult(string Url, int? StatusCode, int LatencyMs, string Response)
{
    public bool Success => StatusCode is >= 200 and < 300;
}

/// <summary>
/// The outbox as a work queue shared by every worker on one database. A worker claims due
/// deliveries by stamping a lease (until, token) on them in one statement; on PostgreSQL the
/// rows are picked with FOR UPDATE SKIP LOCKED so concurrent workers take disjoint sets without
/// waiting. A delivery is due when it is pending, its time has come, its partner has a URL and is not
/// suspended (its deliveries wait, untouched, until it is resumed), no one holds a live lease on it, and every earlier delivery of the same conversion has been delivered
/// (so a reversal never overtakes the conversion it reverses). Claims are fair between partners: a
/// partner never has more than a given number of deliveries leased at once (Postbacks:Concurrency),
/// counting every worker's, so a backlog for one partner never fills a claim that other partners'
/// due deliveries are waiting for. Hand-written SQL, because EF Core has no UPDATE … RETURNING over a
/// locked subquery; this is the only such place.
/// </summary>
public static class DeliveryQueue
{
    /// <summary>
    /// Claims up to <paramref name="batch"/> due deliveries, oldest due first, at most
    /// <paramref name="partnerLeases"/> leased per partner (those already leased by any worker included).
    /// </summary>
    public static async Task<List<long>> ClaimAsync(OfferwallDb db, int batch, int partnerLeases, Guid token, DateTime now, TimeSpan lease,
        CancellationToken ct)
    {
        var until = now + lease;
        // Statuses are literals, not parameters, so that PostgreSQL can use the partial index whose filter
        // names one (ix_postback_deliveries_pending_by_partner: status = 0): 0 is Pending, 1 Delivered.
        // PostgreSQL: per partner, an index walk of its due deliveries (LATERAL … LIMIT its free share), locked
        // as they are picked. SQLite (one process, no row locks): the same choice with a window function.
        var sql = db.Database.IsNpgsql()
            ? (FormattableString)$"""
               UPDATE postback_deliveries AS d SET lease_until = {until}, lease_token = {token}
               WHERE d.id IN (
                   SELECT x.id FROM partners AS p
                   CROSS JOIN LATERAL (
                       SELECT c.id, c.next_attempt_at FROM postback_deliveries AS c
                       WHERE c.partner_id = p.id AND c.status = 0 AND c.next_attempt_at <= {now}
                         AND (c.lease_until IS NULL OR c.lease_until < {now})
                         AND NOT EXISTS (SELECT 1 FROM postback_deliveries AS e WHERE e.conversion_id = c.conversion_id AND e.id < c.id AND e.status <> 1)
                       ORDER BY c.next_attempt_at, c.id
                       LIMIT GREATEST(0, {partnerLeases} - (SELECT count(*) FROM postback_deliveries AS l WHERE l.partner_id = p.id AND l.lease_until >= {now}))
                       FOR UPDATE OF c SKIP LOCKED) AS x
                   WHERE p.postback_url IS NOT NULL AND p.suspended_at IS NULL
                   ORDER BY x.next_attempt_at, x.id
                   LIMIT {batch})
               RETURNING d.id AS "Value"
               """
            : (FormattableString)$"""
               UPDATE postback_deliveries SET lease_until = {until}, lease_token = {token}
               WHERE id IN (
                   SELECT r.id FROM (
                       SELECT c.id, c.partner_id, c.next_attempt_at,
                              row_number() OVER (PARTITION BY c.partner_id ORDER BY c.next_attempt_at, c.id) AS n
                       FROM postback_deliveries AS c JOIN partners AS p ON p.id = c.partner_id
                       WHERE c.status = 0 AND c.next_attempt_at <= {now} AND (c.lease_until IS NULL OR c.lease_until < {now})
                         AND p.postback_url IS NOT NULL AND p.suspended_at IS NULL
                         AND NOT EXISTS (SELECT 1 FROM postback_deliveries AS e WHERE e.conversion_id = c.conversion_id AND e.id < c.id AND e.status <> 1)
                   ) AS r
                   WHERE r.n <= {partnerLeases} - (SELECT count(*) FROM postback_deliveries AS l WHERE l.partner_id = r.partner_id AND l.lease_until >= {now})
                   ORDER BY r.next_attempt_at, r.id
                   LIMIT {batch})
               RETURNING id AS "Value"
               """;
        return await db.Database.SqlQuery<long>(sql).ToListAsync(ct);
    }

    /// <summary>
    /// The claimed deliveries still held under <paramref name="token"/>, with what each will send: values
    /// from its ledger row (or, for stateful postbacks without one, from its conversion) and its partner.
    /// Four queries for the whole batch at most. The rows stay tracked for <see cref="CompleteAsync(OfferwallDb, Guid, IReadOnlyList{DeliveryOutcome}, CancellationToken)"/>.
    /// </summary>
    public static async Task<List<DueDelivery>> LoadAsync(OfferwallDb db, IReadOnlyCollection<long> ids, Guid token, CancellationToken ct)
    {
        var rows = await db.PostbackDeliveries.Include(d => d.Ledger).Where(d => ids.Contains(d.Id) && d.LeaseToken == token)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var partnerIds = rows.Select(d => d.PartnerId).Distinct().ToList();
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var withoutLedger = rows.Where(d => d.Ledger is null).Select(d => d.ConversionId).Distinct().ToList();
        var facts = withoutLedger.Count == 0
            ? []
            : await ConversionFacts.Of(db, db.Conversions.Where(c => withoutLedger.Contains(c.Id))).ToDictionaryAsync(f => f.Conversion.Id, ct);
        // The partner's sub_id and tags of each click, which only the click keeps (ledger rows and conversions do not copy them).
        var conversionIds = rows.Select(d => d.ConversionId).Distinct().ToList();
        var labels = await db.Conversions.Where(c => conversionIds.Contains(c.Id))
            .Join(db.Clicks, c => c.ClickId, k => k.Id, (c, k) => new { c.Id, k.SubId, k.Tags })
            .Where(x => x.SubId != "" || x.Tags != "").ToDictionaryAsync(x => x.Id, x => (x.SubId, x.Tags), ct);
        return rows.Select(d => new DueDelivery(d.Id, d.RetryStep, partners[d.PartnerId],
                Values(d, facts.GetValueOrDefault(d.ConversionId), labels.GetValueOrDefault(d.ConversionId))) { Row = d })
            .ToList();
    }

    /// <summary>
    /// What a postback says. A delivery with a ledger row sends that row's values (what was paid or
    /// un-paid); one without (a stateful pending or cancelled postback) needs its conversion's <paramref name="facts"/>.
    /// </summary>
    /// <param name="labels">The click's sub_id and tags ("" none).</param>
    public static Dictionary<string, string> Values(PostbackDelivery delivery, ConversionFacts? facts, (string SubId, string Tags) labels = default)
    {
        static string Amount(decimal d) => Money.Normalize(d).ToString(CultureInfo.InvariantCulture);
        var l = delivery.Ledger;
        var c = facts?.Conversion;
        if (l is null && facts is null) throw new ArgumentException("A delivery without a ledger row needs its conversion's facts.", nameof(facts));
        return new Dictionary<string, string>
        {
            ["user_id"] = l?.UserExternalId ?? facts!.UserExternalId,
            ["transaction_id"] = delivery.ConversionId.ToString(CultureInfo.InvariantCulture),
            ["reward"] = Amount(l?.Reward ?? c!.Reward),
            ["reward_local_currency"] = Amount(l?.RewardLocal ?? c!.RewardLocal),
            ["payout"] = Amount(l?.Payout ?? c!.Payout),
            ["offer_id"] = l?.OfferPublicId ?? facts!.OfferPublicId,
            ["offer_name"] = l?.OfferName ?? facts!.OfferName,
            ["goal_id"] = l?.GoalPublicId ?? facts!.GoalPublicId,
            ["note"] = l?.Note ?? facts!.GoalName,
            ["reverse"] = delivery.Reverse ? "1" : "0",
            ["type"] = (l?.Kind ?? c!.Kind) == OfferKind.Survey ? "survey" : "offer",
            ["survey_id"] = (l is null ? c!.SurveyId : l.SurveyId) ?? "",
            ["date_time"] = EasternTime.Format(l?.OccurredAt ?? delivery.CreatedAt),
            ["status"] = delivery.Event,
            ["delivery_id"] = delivery.Id.ToString(CultureInfo.InvariantCulture),
            ["country"] = l?.Country ?? c!.Country,
            ["platform"] = l?.Platform ?? c!.Platform,
            ["sub_id"] = labels.SubId ?? "",
            ["tags"] = labels.Tags ?? "",
            ["ref"] = delivery.Reverse ? delivery.ConversionId.ToString(CultureInfo.InvariantCulture) : "",
        };
    }

    /// <summary>
    /// Records the outcomes of loaded deliveries in one transaction (one batch of statements): each
    /// attempt is logged and its delivery moves on (delivered, due again later on the ladder, or dead);
    /// an outcome without an attempt gives the delivery back. A delivery is changed only while
    /// <paramref name="token"/> still holds its lease (the lease token is the row's concurrency token);
    /// if any lost it, each is recorded on its own instead. Returns the ids whose lease was lost.
    /// </summary>
    public static async Task<List<long>> CompleteAsync(OfferwallDb db, Guid token, IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken ct)
    {
        if (outcomes.Count == 0) return [];
        var attempts = new List<PostbackAttempt>(outcomes.Count);
        foreach (var o in outcomes)
        {
            var row = o.Due.Row ?? throw new ArgumentException("Outcomes must be of deliveries loaded by LoadAsync.", nameof(outcomes));
            db.Entry(row).Property(d => d.LeaseToken).OriginalValue = token;
            Apply(row, o);
            if (o.Result is { } result) attempts.Add(Attempt(row.Id, result, o.At));
        }
        db.PostbackAttempts.AddRange(attempts);
        try
        {
            await db.SaveChangesAsync(ct);
            foreach (var a in attempts) db.Entry(a).State = EntityState.Detached;
            foreach (var o in outcomes)
                if (o.Result is { } result) Counted(result, o.RetryAt, o.Due.Partner.Id);
            return [];
        }
        catch (DbUpdateConcurrencyException)
        {
            // Some lease ran out (another worker may have taken the delivery): nothing of the batch was
            // written; record each on its own, under the same condition, and report the ones lost.
            foreach (var a in attempts) db.Entry(a).State = EntityState.Detached;
            foreach (var o in outcomes) db.Entry(o.Due.Row!).State = EntityState.Detached;
            var lost = new List<long>();
            foreach (var o in outcomes)
            {
                var kept = o.Result is { } result
                    ? await CompleteAsync(db, o.Due.Id, token, result, o.At, o.RetryAt, ct, o.Due.Partner.Id)
                    : await ReleaseAsync(db, o.Due.Id, token, ct) > 0;
                if (!kept) lost.Add(o.Due.Id);
            }
            return lost;
        }
    }

    private static void Apply(PostbackDelivery row, DeliveryOutcome o)
    {
        row.LeaseUntil = null;
        row.LeaseToken = null;
        if (o.Result is not { } result) return;
        row.Attempts++;
        if (result.Success)
        {
            row.Status = DeliveryStatus.Delivered;
            row.DeliveredAt = o.At;
        }
        else
        {
            row.Status = o.RetryAt is null ? DeliveryStatus.Dead : DeliveryStatus.Pending;
            row.NextAttemptAt = o.RetryAt ?? row.NextAttemptAt;
            row.RetryStep++;
        }
    }

    private static PostbackAttempt Attempt(long deliveryId, AttemptResult result, DateTime at) => new()
    {
        DeliveryId = deliveryId, At = at, Url = result.Url.Length > 2048 ? result.Url[..2048] : result.Url, StatusCode = result.StatusCode,
        LatencyMs = result.LatencyMs, Response = result.Response,
    };

    /// <summary>
    /// Records one attempt and moves the delivery on: delivered, due again later on the ladder, or
    /// dead. Only while this worker still holds the lease (<paramref name="token"/>); false if it lost it.
    /// </summary>
    public static async Task<bool> CompleteAsync(OfferwallDb db, long id, Guid token, AttemptResult result, DateTime now, DateTime? retryAt, CancellationToken ct,
        long? partnerId = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
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
        db.PostbackAttempts.Add(Attempt(id, result, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        if (partnerId is { } partner) Counted(result, retryAt, partner);
        return true;
    }

    /// <summary>A recorded attempt, counted by outcome and partner (<see cref="OfferwallMetrics"/>).</summary>
    private static void Counted(AttemptResult result, DateTime? retryAt, long partnerId) =>
        OfferwallMetrics.Delivery(result.Success ? "sent" : retryAt is null ? "dead" : "failed", partnerId);

    /// <summary>
    /// The deliveries due now whose partner can receive them (a postback URL, not suspended), and the earliest time one of them became due:
    /// the metrics' queue gauges, read when scraped. Synchronous, as a gauge's callback is.
    /// </summary>
    public static (long Due, DateTime? OldestDueAt) Due(OfferwallDb db, DateTime now)
    {
        var due = DueToReceivers(db, now);
        return (due.LongCount(), due.Min(d => (DateTime?)d.NextAttemptAt));
    }

    /// <summary>Pending deliveries whose time has come and whose partner can receive them (a postback URL, not suspended).</summary>
    public static IQueryable<PostbackDelivery> DueToReceivers(OfferwallDb db, DateTime now) =>
        db.PostbackDeliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .Where(d => db.Partners.Any(p => p.Id == d.PartnerId && p.PostbackUrl != null && p.PostbackUrl != "" && p.SuspendedAt == null));

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
