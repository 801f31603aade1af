using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Offers;
using Offerwall.Postbacks;
using Offerwall.Web;

namespace Offerwall.Conversions;

public sealed record LifecycleResult(LifecycleError Error, ConversionStatus? Status = null)
{
    public bool Ok => Error == LifecycleError.None;
}

/// <summary>
/// Moves conversions through their states: pending → approved → reversed, or pending → cancelled.
/// Each move is one transaction that changes the status only if it is still the expected one
/// (so two nodes or two operators never both move it), appends the ledger row that pays or
/// un-pays, queues the partner's postback (outbox) and records who moved it and why.
/// </summary>
public static class ConversionLifecycle
{
    public const string System = "system";

    // Each move commits its rows, then wakes this process's postback worker through signal when it queued a postback.

    public static Task<LifecycleResult> ApproveAsync(OfferwallDb db, DeliverySignal signal, long id, string actor, string reason, DateTime now,
        CancellationToken ct = default) =>
        MoveAsync(db, signal, id, ConversionStatus.Pending, ConversionStatus.Approved, LifecycleError.NotPending, actor, reason, now, ct);

    public static Task<LifecycleResult> CancelAsync(OfferwallDb db, DeliverySignal signal, long id, string actor, string reason, DateTime now,
        CancellationToken ct = default) =>
        MoveAsync(db, signal, id, ConversionStatus.Pending, ConversionStatus.Cancelled, LifecycleError.NotPending, actor, reason, now, ct);

    public static Task<LifecycleResult> ReverseAsync(OfferwallDb db, DeliverySignal signal, long id, string actor, string reason, DateTime now,
        CancellationToken ct = default) =>
        MoveAsync(db, signal, id, ConversionStatus.Approved, ConversionStatus.Reversed, LifecycleError.NotApproved, actor, reason, now, ct);

    /// <summary>Approves every pending conversion whose hold period is over; returns how many.</summary>
    public static async Task<int> ApproveDueAsync(OfferwallDb db, DeliverySignal signal, DateTime now, int batch = 500, CancellationToken ct = default)
    {
        var approved = 0;
        while (true)
        {
            var due = await db.Conversions.Where(c => c.Status == ConversionStatus.Pending && c.HoldUntil <= now)
                .OrderBy(c => c.HoldUntil).ThenBy(c => c.Id).Select(c => c.Id).Take(batch).ToListAsync(ct);
            foreach (var id in due)
                if ((await ApproveAsync(db, signal, id, System, "hold period over", now, ct)).Ok) approved++;
            if (due.Count < batch) return approved;
        }
    }

    private static async Task<LifecycleResult> MoveAsync(OfferwallDb db, DeliverySignal signal, long id, ConversionStatus from, ConversionStatus to, LifecycleError wrongState,
        string actor, string reason, DateTime now, CancellationToken ct)
    {
        // A move that gives cap units back locks cap counters, as new conversions of the offer do: PostgreSQL may fail one of two such
        // transactions to break a deadlock, and the move is then simply made again (its transaction was rolled back whole).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await MoveOnceAsync(db, signal, id, from, to, wrongState, actor, reason, now, ct);
            }
            catch (Exception e) when (attempt < 3 && DbErrors.IsTransient(e))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<LifecycleResult> MoveOnceAsync(OfferwallDb db, DeliverySignal signal, long id, ConversionStatus from, ConversionStatus to,
        LifecycleError wrongState, string actor, string reason, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await db.Conversions.Where(c => c.Id == id && c.Status == from)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(c => c.Status, to);
                if (from == ConversionStatus.Pending) s.SetProperty(c => c.DecidedAt, now);
                // Decided (by the operator, the advertiser or the approval job): it leaves the review queue; what the rules found stays.
                s.SetProperty(c => c.Review, ReviewState.None);
            }, ct);
        if (moved == 0)
        {
            await tx.RollbackAsync(ct);
            var current = await db.Conversions.Where(c => c.Id == id).Select(c => (ConversionStatus?)c.Status).FirstOrDefaultAsync(ct);
            return new LifecycleResult(current is null ? LifecycleError.NotFound : wrongState, current);
        }
        var facts = await ConversionFacts.Of(db, db.Conversions.Where(c => c.Id == id)).FirstAsync(ct);
        // A conversion that will never be paid, or is paid back, returns its unit of the offer's caps and budgets.
        if (to is ConversionStatus.Cancelled or ConversionStatus.Reversed) await OfferCaps.GiveBackAsync(db, facts.Conversion, ct);
        var queued = Record(db, facts, from, to, actor, reason, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        if (queued) signal.Notify();
        Counted(from, to, actor, now - facts.Conversion.CreatedAt);
        return new LifecycleResult(LifecycleError.None, to);
    }

    /// <summary>A committed move, counted (<see cref="OfferwallMetrics"/>); an approval with its lag, by who approved it.</summary>
    private static void Counted(ConversionStatus from, ConversionStatus to, string actor, TimeSpan sinceArrival)
    {
        OfferwallMetrics.ConversionChanged(Name(from), Name(to));
        if (from == ConversionStatus.Pending && to == ConversionStatus.Approved)
            OfferwallMetrics.Approved(sinceArrival, actor switch { System => "system", RecordConversion.Actor => "advertiser", _ => "operator" });
    }

    /// <summary>A status as the APIs and the metrics write it: "approved".</summary>
    public static string Name(ConversionStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>
    /// Adds what a conversion entering <paramref name="to"/> causes (<see cref="Consequences"/>) to the
    /// context. The caller saves, in the same transaction as the status change, and after the commit wakes
    /// the postback worker (<see cref="DeliverySignal.Notify"/>) when this returns true: a postback was queued.
    /// </summary>
    public static bool Record(OfferwallDb db, ConversionFacts facts, ConversionStatus? from, ConversionStatus to, string actor, string reason, DateTime now)
    {
        var (change, entry, delivery) = Consequences(facts, from, to, actor, reason, now);
        db.ConversionChanges.Add(change);
        if (entry is not null) db.Ledger.Add(entry);
        if (delivery is null) return false;
        db.PostbackDeliveries.Add(delivery);
        return true;
    }

    /// <summary>
    /// What a conversion entering <paramref name="to"/> causes: the history row, the ledger row when
    /// it pays or is reversed, and the postback (for pending and cancelled only to partners that asked
    /// for stateful postbacks). A partner with no postback URL gets none: it reads the Data API, and
    /// queuing what can never be sent would only slow every worker's claim. Pure: rows not yet stored,
    /// their ids (and a new conversion's) still to come.
    /// </summary>
    public static (ConversionChange Change, LedgerEntry? Entry, PostbackDelivery? Delivery) Consequences(
        ConversionFacts facts, ConversionStatus? from, ConversionStatus to, string actor, string reason, DateTime now)
    {
        var c = facts.Conversion;
        var change = new ConversionChange { ConversionId = c.Id, FromStatus = from, ToStatus = to, Actor = actor, Reason = reason, At = now };
        LedgerEntry? entry = to switch
        {
            ConversionStatus.Approved => LedgerEntry.For(facts, reverse: false, now),
            ConversionStatus.Reversed => LedgerEntry.For(facts, reverse: true, now),
            _ => null,
        };
        var delivery = facts.HasPostbackUrl && (entry is not null || facts.StatefulPostbacks)
            ? new PostbackDelivery
            {
                PartnerId = c.PartnerId, ConversionId = c.Id, Ledger = entry, Reverse = to == ConversionStatus.Reversed,
                Event = to.ToString().ToLowerInvariant(), Status = DeliveryStatus.Pending, NextAttemptAt = now, CreatedAt = now,
                TraceParent = OfferwallTracing.CurrentParent(),
            }
            : null;
        return (change, entry, delivery);
    }
}
