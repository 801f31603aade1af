using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Offerwall.Data;
using Offerwall.Fraud;
using Offerwall.Partners;
using Offerwall.Postbacks;
using Offerwall.Offers;
using Offerwall.Web;

namespace Offerwall.Conversions;

/// <summary>The answer to an advertiser's postback: the conversion it concerns, or why it was refused.</summary>
public sealed record RecordOutcome(int HttpStatus, string? ErrorCode, string? Message, long? TransactionId = null, ConversionStatus? Status = null, bool Duplicate = false)
{
    /// <summary>Accepted without a signature, on the source address alone (IP-only authentication): the endpoint logs each one.</summary>
    public long? IpOnlyAdvertiserId { get; init; }

    /// <summary>Refused (429) by the advertiser's rate limit: how long to wait.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static RecordOutcome Fail(int status, string code, string message) => new(status, code, message);
    public static RecordOutcome Done(long id, ConversionStatus status, bool duplicate) => new(200, null, null, id, status, duplicate);
}

/// <summary>
/// Records what an advertiser reports about a click: a new conversion, a status it already had
/// (acknowledged, nothing written), an approval or cancellation of a pending one, or a reversal.
/// The unique index on (click, goal, event) decides between two identical reports at the same
/// instant: the loser reads the winner's row and answers the same.
/// </summary>
public static class RecordConversion
{
    public const string Actor = "advertiser";

    /// <param name="parameters">All of the request's parameters, for the signature.</param>
    /// <param name="admitAdvertiser">The advertiser's rate limit, asked once it is authenticated: null admits, a wait refuses (429, nothing written).</param>
    /// <param name="promotions">The running promotions (the server's <see cref="Promotions"/>), for the reward.</param>
    /// <param name="signal">Woken after a commit that queued a postback, so this process's worker sends it at once.</param>
    /// <param name="fraud">The fraud rules in force (the server's <see cref="RuleSettings"/>); null checks none.</param>
    /// <param name="group">The server's <see cref="GroupCommit"/> (PostgreSQL); null writes each conversion alone.</param>
    public static async Task<RecordOutcome> RecordAsync(OfferwallDb db, Promotions promotions, DeliverySignal signal, ConversionReport report,
        IReadOnlyDictionary<string, string> parameters, string? signature, IPAddress? remote, DateTime now, CancellationToken ct,
        Func<long, TimeSpan?>? admitAdvertiser = null, RuleSettings? fraud = null, GroupCommit? group = null)
    {
        // One query for everything the decision needs: the click, its offer and the reported goal, the
        // advertiser, partner and user, and the conversion already recorded for this event if any.
        var found = await Lookup.For(db)(db, report.TxId, report.GoalId, report.EventId, ct);
        if (found is null)
            return RecordOutcome.Fail(404, "unknown_click", "No click has this tx_id.");
        var (click, offer, goal, advertiser, partner, userExternalId, _, existingId, existingStatus) = found;
        // A signature under the advertiser's secret (or the one before it, while its rotation's grace lasts). Without one, the
        // source address counts only for an advertiser the operator opted in to IP-only authentication; the address is the
        // connection's, or the one a configured proxy vouches for (never a client's own X-Forwarded-For).
        var canonical = AdvertiserSignature.Canonical(parameters);
        var signed = advertiser.SecretsAt(now).Any(secret => AdvertiserSignature.Verify(secret, canonical, signature));
        var byAddress = !signed && advertiser.IpOnlyAuth && AdvertiserSignature.IsAllowed(advertiser.AllowedIps, remote);
        if (!signed && !byAddress)
            return RecordOutcome.Fail(401, "invalid_signature", "The signature is missing or wrong, and the source address is not allowlisted.");
        var outcome = admitAdvertiser?.Invoke(advertiser.Id) is { } wait
            ? RecordOutcome.Fail(429, "rate_limited", "Too many postbacks from this advertiser: retry after Retry-After seconds.") with { RetryAfter = wait }
            : await RecordAuthenticatedAsync(db, promotions, signal, fraud, group, report, found, now, ct);
        return byAddress ? outcome with { IpOnlyAdvertiserId = advertiser.Id } : outcome;
    }

    /// <summary>
    /// Records a report whose advertiser the caller already authenticated (an MMP postback's token or address): the click must be one
    /// of that advertiser's offers, or it is unknown (404), whoever else's it may be.
    /// </summary>
    public static async Task<RecordOutcome> RecordForAdvertiserAsync(OfferwallDb db, Promotions promotions, DeliverySignal signal, ConversionReport report,
        long advertiserId, DateTime now, CancellationToken ct, RuleSettings? fraud = null, GroupCommit? group = null)
    {
        var found = await Lookup.For(db)(db, report.TxId, report.GoalId, report.EventId, ct);
        if (found is null || found.Advertiser.Id != advertiserId)
            return RecordOutcome.Fail(404, "unknown_click", "No click of this advertiser's offers has this click id.");
        return await RecordAuthenticatedAsync(db, promotions, signal, fraud, group, report, found, now, ct);
    }

    private static async Task<RecordOutcome> RecordAuthenticatedAsync(OfferwallDb db, Promotions promotions, DeliverySignal signal, RuleSettings? fraud,
        GroupCommit? group, ConversionReport report, ClickFacts found, DateTime now, CancellationToken ct)
    {
        var (click, offer, goal, _, partner, userExternalId, userBlocked, existingId, existingStatus) = found;
        if (goal is null)
            return RecordOutcome.Fail(404, "unknown_goal", "The click's offer has no goal with this goal_id.");
        var eventKey = EventKey(goal.Kind, report.EventId);
        if (eventKey is null)
            return RecordOutcome.Fail(400, "invalid_request", "event_id is required for a dynamic goal.");

        if (report.Reverse)
            return existingId is null
                ? RecordOutcome.Fail(404, "unknown_conversion", "There is no conversion of this event to reverse.")
                : await ReverseAsync(db, signal, existingId.Value, existingStatus!.Value, now, ct);
        // The MMP rejected an event we recorded: a pending conversion is cancelled, a paid one reversed, both with the MMP's reason.
        if (existingId is not null && report.Rejection is { } rejected)
            return await ReverseAsync(db, signal, existingId.Value, existingStatus!.Value, now, ct, RejectedReason(rejected));
        if (existingId is not null)
            return await RepeatAsync(db, signal, existingId.Value, existingStatus!.Value, report.Status, now, ct);

        var limitHours = goal.TimeLimitHours ?? offer.TimeLimitHours;
        // Offer.Expiry, not AddHours: a limit stored before the bound existed may lie past DateTime's range.
        if (Offer.Expiry(click.CreatedAt, limitHours) is { } expiry && now > expiry)
            return RecordOutcome.Fail(410, "offer_expired", $"The offer had to be completed within {limitHours} hours of the click.");

        var amounts = Rewards.Compute(goal, partner, report.Payout, await promotions.RunningAsync(db, offer.Id, partner.Id, now, ct));
        if (amounts.TooLarge() is { } tooLarge)
            return RecordOutcome.Fail(422, "amount_too_large", tooLarge);
        var status = report.Status switch
        {
            _ when report.Rejection is not null => ConversionStatus.Cancelled,
            ReportedStatus.Cancelled => ConversionStatus.Cancelled,
            ReportedStatus.Approved => ConversionStatus.Approved,
            _ => goal.HoldHours == 0 ? ConversionStatus.Approved : ConversionStatus.Pending,
        };
        var conversion = new Conversion
        {
            ClickId = click.Id, PartnerId = click.PartnerId, UserId = click.UserId, OfferId = offer.Id, GoalId = goal.Id,
            AdvertiserEventId = eventKey, Status = status, Kind = offer.Kind, SurveyId = offer.Kind == OfferKind.Survey ? report.SurveyId : null,
            Reward = amounts.Reward, RewardLocal = amounts.RewardLocal, Payout = amounts.Payout, AdvertiserPayout = amounts.AdvertiserPayout,
            PromotionId = amounts.PromotionId, CreatedAt = now, HoldUntil = now.AddHours(goal.HoldHours),
            DecidedAt = status == ConversionStatus.Pending ? null : now, Country = click.Country, Platform = click.Platform,
            Ip = click.Ip, DeviceKey = click.DeviceKey,
        };
        // The fraud rules decide on a conversion that could be paid: rejected, held for the operator, or flagged (paid and listed).
        var verdict = status == ConversionStatus.Cancelled || fraud is null
            ? Verdict.Clean
            : await RiskCheck.AtConversionAsync(db, await fraud.ForAsync(db, partner.Id, offer.Id, ct),
                new RiskProbe(partner.Id, offer.Id, click.UserId, userExternalId, click.Ip, click.DeviceKey, click.Country, click.CreatedAt), now, ct);
        // What the rules found at the click's start, when they held or flagged it, holds or flags each of its conversions too.
        if (status != ConversionStatus.Cancelled && click.RiskOutcome > 0)
            verdict = Verdict.Of([.. verdict.Findings, .. Verdict.Restore(click.RiskFindings, (RuleOutcome)click.RiskOutcome)]);
        Apply(conversion, verdict, now);
        var reason = report.Rejection is { } rejection ? RejectedReason(rejection)
            : verdict.Outcome == RuleOutcome.Off ? "reported" : $"reported; {verdict.Describe()}";
        // A blocked user's conversion that could be paid waits for the operator, whatever the advertiser or the rules said (docs/fraud.md).
        if (userBlocked && conversion.Status != ConversionStatus.Cancelled)
        {
            HoldForBlockedUser(conversion);
            reason += "; " + Blocking.HeldReason(null);
        }
        status = conversion.Status;

        var facts = new ConversionFacts(conversion, userExternalId, offer.PublicId, offer.Name, goal.PublicId, goal.Name,
            !string.IsNullOrEmpty(partner.PostbackUrl), partner.StatefulPostbacks);
        long? id;
        if (status != ConversionStatus.Cancelled && OfferCaps.Apply(offer, goal))
        {
            // A conversion that may be paid takes its unit of the caps in its own transaction; one that finds no room follows the offer's rule.
            conversion.CapDay = CapDays.DayOf(now, offer.CapTimeZone);
            var (taken, takenId) = db is PostgresOfferwallDb
                ? await InsertWithinCapsOnPostgresAsync(db, signal, facts, offer.Id, OfferCaps.RowsFor(offer, goal, conversion.CapDay), now, reason, ct)
                : await InsertWithinCapsAsync(db, signal, facts, offer, goal, now, reason, ct);
            if (taken) id = takenId;
            else
            {
                OfferwallMetrics.CapReached(offer.OverCap.ToString().ToLowerInvariant());
                OverCap(conversion, offer.OverCap, now);
                id = db is PostgresOfferwallDb
                    ? await InsertOnPostgresAsync(db, signal, group, facts, now, ct, OverCapReason)
                    : await InsertAsync(db, signal, facts, now, ct, OverCapReason);
            }
            status = conversion.Status;
        }
        else id = db is PostgresOfferwallDb ? await InsertOnPostgresAsync(db, signal, group, facts, now, ct, reason) : await InsertAsync(db, signal, facts, now, ct, reason);
        if (id is null)
        {
            // The same event was recorded by a concurrent request: answer as for a repeat.
            var winner = (await FindAsync(db, click.Id, goal.Id, eventKey, ct))!.Value;
            return RecordOutcome.Done(winner.Id, winner.Status, duplicate: true);
        }
        OfferwallMetrics.ConversionChanged(null, ConversionLifecycle.Name(status));
        return RecordOutcome.Done(id.Value, status, duplicate: false);
    }

    /// <summary>What the fraud rules' verdict makes of a new conversion (<see cref="RuleOutcome"/>); nothing when none triggered.</summary>
    private static void Apply(Conversion conversion, Verdict verdict, DateTime now)
    {
        switch (verdict.Outcome)
        {
            case RuleOutcome.Reject:
                conversion.Status = ConversionStatus.Cancelled;
                conversion.DecidedAt = now;
                break;
            case RuleOutcome.Hold:
                conversion.Status = ConversionStatus.Pending;
                conversion.DecidedAt = null;
                conversion.HoldUntil = Conversion.HeldForOperator;
                conversion.Review = ReviewState.Held;
                break;
            case RuleOutcome.Flag:
                conversion.Review = ReviewState.Flagged;
                break;
        }
        if (verdict.Outcome == RuleOutcome.Off) return;
        conversion.ReviewRules = verdict.Rules;
        conversion.RiskOutcome = (int)verdict.Outcome;
    }

    /// <summary>A blocked user's conversion: pending until the operator decides, in the review queue under <see cref="Blocking.Rule"/>.</summary>
    private static void HoldForBlockedUser(Conversion conversion)
    {
        conversion.Status = ConversionStatus.Pending;
        conversion.DecidedAt = null;
        conversion.HoldUntil = Conversion.HeldForOperator;
        conversion.Review = ReviewState.Held;
        conversion.ReviewRules = Blocking.WithRule(conversion.ReviewRules);
    }

    /// <summary>The reason in the history of a conversion that arrived over a cap.</summary>
    public const string OverCapReason = "over_cap";

    /// <summary>What a conversion over a cap becomes: cancelled (never paid), or held pending with no end until the operator decides.</summary>
    private static void OverCap(Conversion conversion, OverCapRule rule, DateTime now)
    {
        conversion.CapDay = null;
        conversion.Status = rule == OverCapRule.Hold ? ConversionStatus.Pending : ConversionStatus.Cancelled;
        conversion.DecidedAt = rule == OverCapRule.Hold ? null : now;
        if (rule == OverCapRule.Hold) conversion.HoldUntil = Conversion.HeldForOperator;
    }

    /// <summary>
    /// SQLite: <see cref="InsertAsync"/> with the conversion's units of every cap taken first, in the same transaction
    /// (<see cref="OfferCaps.TryTakeAsync"/>). SQLite runs one writing transaction at a time, so this adds no waiting of its own.
    /// (false, null): a cap had no room, nothing written. (true, null): the event was recorded concurrently, nothing written.
    /// </summary>
    private static async Task<(bool Taken, long? Id)> InsertWithinCapsAsync(OfferwallDb db, DeliverySignal signal, ConversionFacts facts, Offer offer, Goal goal,
        DateTime now, string reason, CancellationToken ct)
    {
        var taken = false;
        var id = await InsertAsync(db, signal, facts, now, ct, reason, takeUnits: async () =>
            taken = await OfferCaps.TryTakeAsync(db, offer, goal, facts.Conversion.AdvertiserPayout, facts.Conversion.CapDay!, ct));
        return (taken, id);
    }

    /// <summary>
    /// The conversion, then what it causes, in one transaction; null if the event was recorded concurrently, or if
    /// <paramref name="takeUnits"/> (run first in the transaction) found no room. Either way nothing is written.
    /// </summary>
    private static async Task<long?> InsertAsync(OfferwallDb db, DeliverySignal signal, ConversionFacts facts, DateTime now, CancellationToken ct,
        string reason = "reported", Func<Task<bool>>? takeUnits = null)
    {
        var conversion = facts.Conversion;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (takeUnits is not null && !await takeUnits())
            {
                await tx.RollbackAsync(ct);
                return null;
            }
            db.Conversions.Add(conversion);
            await db.SaveChangesAsync(ct);
            var queued = ConversionLifecycle.Record(db, facts, null, conversion.Status, Actor, reason, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            if (queued) signal.Notify();
            return conversion.Id;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            await tx.RollbackAsync(ct);
            return null;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// PostgreSQL: the conversion, what it causes and its units of the caps in one statement (<see cref="NewConversionStatement"/>),
    /// which commits by itself, so the counters are locked only while it runs. (false, null): a cap had no room, nothing written;
    /// (true, null): the event was recorded concurrently, nothing written.
    /// </summary>
    private static async Task<(bool Taken, long? Id)> InsertWithinCapsOnPostgresAsync(OfferwallDb db, DeliverySignal signal, ConversionFacts facts, long offerId,
        List<CapRow> rows, DateTime now, string reason, CancellationToken ct)
    {
        var (change, entry, delivery) = ConversionLifecycle.Consequences(facts, null, facts.Conversion.Status, Actor, reason, now);
        var ensured = false;
        while (true)
        {
            try
            {
                var id = await NewConversionStatement.InsertAsync(db, facts.Conversion, change, entry, delivery, ct, rows);
                if (id is not null && delivery is not null) signal.Notify();
                return (true, id);
            }
            catch (PostgresException e) when (e.SqlState == NewConversionStatement.NoRoom)
            {
                if (ensured) return (false, null);
                // A counter may not exist yet (the offer's first conversion of its day): create what is missing, then once more.
                await OfferCaps.EnsureCountersAsync(db, offerId, rows, ct);
                ensured = true;
            }
        }
    }

    /// <summary>
    /// The same rows in one statement (<see cref="NewConversionStatement"/>), which commits by itself or with the others of its group
    /// (<paramref name="group"/>); then the worker is woken.
    /// </summary>
    private static async Task<long?> InsertOnPostgresAsync(OfferwallDb db, DeliverySignal signal, GroupCommit? group, ConversionFacts facts, DateTime now,
        CancellationToken ct, string reason = "reported")
    {
        var (change, entry, delivery) = ConversionLifecycle.Consequences(facts, null, facts.Conversion.Status, Actor, reason, now);
        var id = await NewConversionStatement.InsertAsync(db, facts.Conversion, change, entry, delivery, ct, group: group);
        if (id is not null && delivery is not null) signal.Notify();
        return id;
    }

    /// <summary>The history's reason for an MMP's rejection.</summary>
    public static string RejectedReason(string reason) => $"rejected by the advertiser's MMP: {reason}";

    /// <summary>A flat goal converts once per click (its event key is empty); a dynamic one once per event id.</summary>
    private static string? EventKey(GoalKind kind, string? eventId) => kind == GoalKind.Flat ? "" : eventId;

    private sealed record ClickFacts(Click Click, Offer Offer, Goal? Goal, Advertiser Advertiser, Partner Partner,
        string UserExternalId, bool UserBlocked, long? ExistingId, ConversionStatus? ExistingStatus);

    // A compiled query: EF skips its per-call translation-cache lookup and closure evaluation, which
    // cost more CPU than the query itself on this hot path (docs/performance.md).
    private static readonly PerEngine<Func<OfferwallDb, string, string, string?, CancellationToken, Task<ClickFacts?>>> Lookup = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, string txId, string goalId, string? eventId, CancellationToken ct) => (
            from c in db.Clicks.AsNoTracking()
            where c.TxId == txId
            join o in db.Offers on c.OfferId equals o.Id
            join a in db.Advertisers on o.AdvertiserId equals a.Id
            join p in db.Partners on c.PartnerId equals p.Id
            join u in db.Users on c.UserId equals u.Id
            from g in db.Goals.Where(g => g.OfferId == o.Id && g.PublicId == goalId).DefaultIfEmpty()
            let eventKey = g.Kind == GoalKind.Flat ? "" : eventId
            // The existing conversion's id and status as two scalar subqueries: a one-row subquery of two
            // columns would need SQL APPLY, which SQLite lacks.
            select new ClickFacts(c, o, g, a, p, u.ExternalId, u.BlockedAt != null,
                db.Conversions.Where(x => x.ClickId == c.Id && x.GoalId == g.Id && x.AdvertiserEventId == eventKey).Select(x => (long?)x.Id).FirstOrDefault(),
                db.Conversions.Where(x => x.ClickId == c.Id && x.GoalId == g.Id && x.AdvertiserEventId == eventKey).Select(x => (ConversionStatus?)x.Status).FirstOrDefault())
        ).FirstOrDefault()));

    private static async Task<(long Id, ConversionStatus Status)?> FindAsync(OfferwallDb db, long clickId, long goalId, string eventKey, CancellationToken ct)
    {
        var row = await db.Conversions.AsNoTracking()
            .Where(c => c.ClickId == clickId && c.GoalId == goalId && c.AdvertiserEventId == eventKey)
            .Select(c => new { c.Id, c.Status }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Id, row.Status);
    }

    /// <summary>A report of a known event: a pending one may be approved or cancelled; anything else is a repeat.</summary>
    private static async Task<RecordOutcome> RepeatAsync(OfferwallDb db, DeliverySignal signal, long id, ConversionStatus current, ReportedStatus? reported,
        DateTime now, CancellationToken ct)
    {
        // One held over a cap waits for the operator: the advertiser's "approved" (often the retry of the very postback that was held)
        // leaves it pending, as it did the first time. The advertiser may still cancel it.
        if (current == ConversionStatus.Pending && reported == ReportedStatus.Approved
            && await db.Conversions.AnyAsync(c => c.Id == id && c.HoldUntil >= Conversion.HeldForOperator, ct))
            return RecordOutcome.Done(id, current, duplicate: true);
        var move = (current, reported) switch
        {
            (ConversionStatus.Pending, ReportedStatus.Approved) => ConversionLifecycle.ApproveAsync(db, signal, id, Actor, "approved by advertiser", now, ct),
            (ConversionStatus.Pending, ReportedStatus.Cancelled) => ConversionLifecycle.CancelAsync(db, signal, id, Actor, "cancelled by advertiser", now, ct),
            _ => null,
        };
        if (move is null) return RecordOutcome.Done(id, current, duplicate: true);
        var result = await move;
        return RecordOutcome.Done(id, result.Status ?? current, duplicate: !result.Ok);
    }

    /// <summary>
    /// A reversal: an approved conversion gets its reversal row; a pending one, never paid, is
    /// cancelled; one already reversed or cancelled is a repeat.
    /// </summary>
    private static async Task<RecordOutcome> ReverseAsync(OfferwallDb db, DeliverySignal signal, long id, ConversionStatus current, DateTime now, CancellationToken ct,
        string? reason = null)
    {
        var result = current switch
        {
            ConversionStatus.Approved => await ConversionLifecycle.ReverseAsync(db, signal, id, Actor, reason ?? "reversed by advertiser", now, ct),
            ConversionStatus.Pending => await ConversionLifecycle.CancelAsync(db, signal, id, Actor, reason ?? "reversed by advertiser before approval", now, ct),
            _ => null,
        };
        if (result is null) return RecordOutcome.Done(id, current, duplicate: true);
        return RecordOutcome.Done(id, result.Status ?? current, duplicate: !result.Ok);
    }
}
