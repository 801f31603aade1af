using System.Net;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Offers;

namespace Offerwall.Conversions;

/// <summary>The answer to an advertiser's postback: the conversion it concerns, or why it was refused.</summary>
public sealed record RecordOutcome(int HttpStatus, string? ErrorCode, string? Message, long? TransactionId = null, ConversionStatus? Status = null, bool Duplicate = false)
{
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
    public static async Task<RecordOutcome> RecordAsync(OfferwallDb db, ConversionReport report, IReadOnlyDictionary<string, string> parameters,
        string? signature, IPAddress? remote, DateTime now, CancellationToken ct)
    {
        var click = await db.Clicks.AsNoTracking().FirstOrDefaultAsync(c => c.TxId == report.TxId, ct);
        if (click is null)
            return RecordOutcome.Fail(404, "unknown_click", "No click has this tx_id.");
        var offer = await db.Offers.AsNoTracking().Include(o => o.Goals).FirstAsync(o => o.Id == click.OfferId, ct);
        var advertiser = await db.Advertisers.AsNoTracking().FirstAsync(a => a.Id == offer.AdvertiserId, ct);
        var signed = AdvertiserSignature.Verify(advertiser.Secret, AdvertiserSignature.Canonical(parameters), signature);
        if (!signed && !AdvertiserSignature.IsAllowed(advertiser.AllowedIps, remote))
            return RecordOutcome.Fail(401, "invalid_signature", "The signature is missing or wrong, and the source address is not allowlisted.");

        var goal = offer.Goals.FirstOrDefault(g => g.PublicId == report.GoalId);
        if (goal is null)
            return RecordOutcome.Fail(404, "unknown_goal", "The click's offer has no goal with this goal_id.");
        var eventKey = goal.Kind == GoalKind.Flat ? "" : report.EventId;
        if (eventKey is null)
            return RecordOutcome.Fail(400, "invalid_request", "event_id is required for a dynamic goal.");

        var existing = await FindAsync(db, click.Id, goal.Id, eventKey, ct);
        if (report.Reverse)
            return existing is null
                ? RecordOutcome.Fail(404, "unknown_conversion", "There is no conversion of this event to reverse.")
                : await ReverseAsync(db, existing.Value.Id, existing.Value.Status, now, ct);
        if (existing is not null)
            return await RepeatAsync(db, existing.Value.Id, existing.Value.Status, report.Status, now, ct);

        var limitHours = goal.TimeLimitHours ?? offer.TimeLimitHours;
        if (limitHours is not null && now > click.CreatedAt.AddHours(limitHours.Value))
            return RecordOutcome.Fail(410, "offer_expired", $"The offer had to be completed within {limitHours} hours of the click.");

        var partner = await db.Partners.AsNoTracking().FirstAsync(p => p.Id == click.PartnerId, ct);
        var amounts = Rewards.Compute(goal, partner, report.Payout, await Promotions.RunningAsync(db, offer.Id, partner.Id, now, ct));
        var status = report.Status switch
        {
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
            DecidedAt = status == ConversionStatus.Pending ? null : now,
        };

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                db.Conversions.Add(conversion);
                await db.SaveChangesAsync(ct);
                var user = await db.Users.Where(u => u.Id == click.UserId).Select(u => u.ExternalId).FirstAsync(ct);
                var facts = new ConversionFacts(conversion, user, offer.PublicId, offer.Name, goal.PublicId, goal.Name,
                    !string.IsNullOrEmpty(partner.PostbackUrl), partner.StatefulPostbacks);
                ConversionLifecycle.Record(db, facts, null, status, Actor, "reported", now);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // The same event was recorded by a concurrent request: answer as for a repeat.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                var winner = (await FindAsync(db, click.Id, goal.Id, eventKey, ct))!.Value;
                return RecordOutcome.Done(winner.Id, winner.Status, duplicate: true);
            }
        }
        db.ChangeTracker.Clear();
        return RecordOutcome.Done(conversion.Id, status, duplicate: false);
    }

    private static async Task<(long Id, ConversionStatus Status)?> FindAsync(OfferwallDb db, long clickId, long goalId, string eventKey, CancellationToken ct)
    {
        var row = await db.Conversions.AsNoTracking()
            .Where(c => c.ClickId == clickId && c.GoalId == goalId && c.AdvertiserEventId == eventKey)
            .Select(c => new { c.Id, c.Status }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Id, row.Status);
    }

    /// <summary>A report of a known event: a pending one may be approved or cancelled; anything else is a repeat.</summary>
    private static async Task<RecordOutcome> RepeatAsync(OfferwallDb db, long id, ConversionStatus current, ReportedStatus? reported, DateTime now, CancellationToken ct)
    {
        var move = (current, reported) switch
        {
            (ConversionStatus.Pending, ReportedStatus.Approved) => ConversionLifecycle.ApproveAsync(db, id, Actor, "approved by advertiser", now, ct),
            (ConversionStatus.Pending, ReportedStatus.Cancelled) => ConversionLifecycle.CancelAsync(db, id, Actor, "cancelled by advertiser", now, ct),
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
    private static async Task<RecordOutcome> ReverseAsync(OfferwallDb db, long id, ConversionStatus current, DateTime now, CancellationToken ct)
    {
        var result = current switch
        {
            ConversionStatus.Approved => await ConversionLifecycle.ReverseAsync(db, id, Actor, "reversed by advertiser", now, ct),
            ConversionStatus.Pending => await ConversionLifecycle.CancelAsync(db, id, Actor, "reversed by advertiser before approval", now, ct),
            _ => null,
        };
        if (result is null) return RecordOutcome.Done(id, current, duplicate: true);
        return RecordOutcome.Done(id, result.Status ?? current, duplicate: !result.Ok);
    }
}
