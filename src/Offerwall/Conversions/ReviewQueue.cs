using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Postbacks;

namespace Offerwall.Conversions;

/// <summary>
/// The conversions the fraud rules held or flagged, for the operator (admin API and command line). Approving a held one pays it;
/// cancelling it means it is never paid. A flagged one was paid already: approving keeps it, cancelling reverses it (a reversal row and
/// postback take the payment back). Either way it leaves the queue, and its history says who decided and why.
/// </summary>
public static class ReviewQueue
{
    public const int MaxLimit = 1000;

    /// <summary>Oldest first (the order they wait in); <paramref name="afterId"/> pages on.</summary>
    public static Task<List<ReviewItem>> ListAsync(OfferwallDb db, long? partnerId, long? offerId, string? rule, ReviewState? state, long? afterId, int limit,
        CancellationToken ct = default)
    {
        var queue = db.Conversions.AsNoTracking().Where(c => c.Review != ReviewState.None);
        if (state is not null) queue = queue.Where(c => c.Review == state);
        if (partnerId is not null) queue = queue.Where(c => c.PartnerId == partnerId);
        if (offerId is not null) queue = queue.Where(c => c.OfferId == offerId);
        if (rule is not null)
        {
            var listed = "," + rule + ",";
            queue = queue.Where(c => ("," + c.ReviewRules + ",").Contains(listed));
        }
        if (afterId is not null) queue = queue.Where(c => c.Id > afterId);
        return (from c in queue.OrderBy(c => c.Id).Take(Math.Clamp(limit, 1, MaxLimit))
                join u in db.Users on c.UserId equals u.Id
                join o in db.Offers on c.OfferId equals o.Id
                join g in db.Goals on c.GoalId equals g.Id
                orderby c.Id
                select new
                {
                    c.Id, c.PartnerId, UserId = u.ExternalId, OfferId = o.PublicId, GoalId = g.PublicId, c.Status, c.Review, c.ReviewRules, c.Ip,
                    c.DeviceKey, c.Payout, c.CreatedAt,
                    Reason = db.ConversionChanges.Where(h => h.ConversionId == c.Id).OrderBy(h => h.Id).Select(h => h.Reason).FirstOrDefault(),
                })
            .AsAsyncEnumerable()
            .Select(r => new ReviewItem(r.Id, r.PartnerId, r.UserId, r.OfferId, r.GoalId, r.Status.ToString().ToLowerInvariant(),
                r.Review.ToString().ToLowerInvariant(), r.ReviewRules.Split(',', StringSplitOptions.RemoveEmptyEntries), r.Reason ?? "", r.Ip, r.DeviceKey,
                r.Payout, r.CreatedAt))
            .ToListAsync(ct).AsTask();
    }

    /// <summary>The operator's decision on one conversion of the queue: approve (pay, or keep paid) or cancel (never pay, or take back).</summary>
    public static async Task<ReviewDecision> DecideAsync(OfferwallDb db, DeliverySignal signal, long id, bool approve, string actor, string? note, DateTime now,
        CancellationToken ct = default)
    {
        var row = await db.Conversions.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Status, c.Review }).FirstOrDefaultAsync(ct);
        if (row is null) return new ReviewDecision(id, null, false, "no conversion has this id");
        if (row.Review == ReviewState.None) return new ReviewDecision(id, Name(row.Status), false, "not in the review queue");
        var reason = $"review: {(approve ? "approved" : "cancelled")} by the operator" + (string.IsNullOrWhiteSpace(note) ? "" : $" ({note.Trim()})");
        var move = (row.Status, approve) switch
        {
            (ConversionStatus.Pending, true) => ConversionLifecycle.ApproveAsync(db, signal, id, actor, reason, now, ct),
            (ConversionStatus.Pending, false) => ConversionLifecycle.CancelAsync(db, signal, id, actor, reason, now, ct),
            (ConversionStatus.Approved, false) => ConversionLifecycle.ReverseAsync(db, signal, id, actor, reason, now, ct),
            _ => null,
        };
        var status = row.Status;
        if (move is not null)
        {
            var result = await move;
            if (!result.Ok) return new ReviewDecision(id, result.Status is { } s ? Name(s) : null, false, $"it is {Name(result.Status ?? row.Status)} now: decide again");
            status = result.Status!.Value;
        }
        else
        {
            // Nothing to move (a flagged conversion kept as paid, or one the advertiser decided meanwhile): the decision is still recorded.
            db.ConversionChanges.Add(new ConversionChange { ConversionId = id, FromStatus = status, ToStatus = status, Actor = actor, Reason = reason, At = now });
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        await db.Conversions.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Review, ReviewState.None), ct);
        return new ReviewDecision(id, Name(status), true, null);
    }

    /// <summary>The same decision on each conversion in turn, reporting after each how many are done.</summary>
    public static async Task<List<ReviewDecision>> DecideManyAsync(OfferwallDb db, DeliverySignal signal, IReadOnlyList<long> ids, bool approve, string actor,
        string? note, DateTime now, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var decisions = new List<ReviewDecision>(ids.Count);
        foreach (var id in ids.Distinct())
        {
            decisions.Add(await DecideAsync(db, signal, id, approve, actor, note, now, ct));
            progress?.Report(decisions.Count);
        }
        return decisions;
    }

    private static string Name(ConversionStatus status) => status.ToString().ToLowerInvariant();
}
