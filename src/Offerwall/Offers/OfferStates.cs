using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Offers;

/// <summary>One period of a cap scope: what was counted, the limits (null: none) and what is left; daily ones reset at <see cref="ResetsAt"/>.</summary>
public sealed record CapPeriodView(string Day, int Conversions, int? ConversionsCap, int? ConversionsLeft, decimal Spent, decimal? Budget, decimal? BudgetLeft,
    DateTime? ResetsAt);

/// <summary>A goal's own caps today and in all (null: the goal has none of that period).</summary>
public sealed record GoalCapsView(string GoalId, CapPeriodView? Today, CapPeriodView? Total);

/// <summary>
/// An offer as the operator sees it: whether users can see it (<see cref="BudgetStatus"/>: active, capped, scheduled or paused) and why
/// not, its targeting and schedule, and its caps and budgets with what is used and left, today (in <see cref="CapTimeZone"/>) and in all.
/// </summary>
public sealed record OfferStateView(string Id, string Name, string BudgetStatus, string? PausedReason, bool PausedByOperator, bool InCatalog,
    IReadOnlyList<string> Countries, IReadOnlyList<string> ExcludedCountries, IReadOnlyList<string> Platforms, string? MinOsVersion, string? MaxOsVersion,
    DateTime? StartsAt, DateTime? EndsAt, string CapTimeZone, string OverCap, CapPeriodView? Today, CapPeriodView? Total, IReadOnlyList<GoalCapsView> Goals);

/// <summary>The operator's view of offers' delivery state (admin API and CLI), and the operator's pause.</summary>
public static class OfferStates
{
    public const string Active = "active";
    public const string Capped = "capped";
    public const string Scheduled = "scheduled";
    public const string Paused = "paused";

    /// <summary>
    /// An offer's budget_status at <paramref name="now"/> and why it is not active: paused (by the operator, every goal by the operator, or
    /// out of the catalog; goals loaded),
    /// scheduled (not started or ended), capped (one of the offer's own caps or budgets reached), else active. Users see only active ones.
    /// </summary>
    public static (string Status, string? Reason) StatusOf(Offer offer, CapStanding? standing, DateTime now)
    {
        if (offer.Paused) return (Paused, "paused by the operator");
        if (Targeting.EveryGoalPaused(offer)) return (Paused, "every goal paused by the operator");
        if (!offer.IsActive) return (Paused, "not active in the imported catalog (is_active false)");
        if (offer.StartsAt is { } starts && now < starts) return (Scheduled, $"starts at {IsoUtc.Format(starts)}");
        if (offer.EndsAt is { } ends && now >= ends) return (Scheduled, $"ended at {IsoUtc.Format(ends)}");
        if (standing is { Reached: true })
        {
            var daily = standing.TodayReached;
            var which = daily
                ? (standing.Today!.ConversionsLeft == 0 ? "daily conversions cap" : "daily budget")
                : (standing.Total!.ConversionsLeft == 0 ? "total conversions cap" : "total budget");
            return (Capped, daily ? $"{which} reached; resets at {IsoUtc.Format(standing.ResetsAt)}" : $"{which} reached");
        }
        return (Active, null);
    }

    public static async Task<List<OfferStateView>> ListAsync(OfferwallDb db, DateTime now, CancellationToken ct)
    {
        var offers = await db.Offers.AsNoTracking().Include(o => o.Goals).OrderBy(o => o.Id).ToListAsync(ct);
        return await DescribeAsync(db, offers, now, ct);
    }

    /// <summary>One offer by its public id; null when there is none.</summary>
    public static async Task<OfferStateView?> ShowAsync(OfferwallDb db, string offerId, DateTime now, CancellationToken ct)
    {
        var offer = await db.Offers.AsNoTracking().Include(o => o.Goals).FirstOrDefaultAsync(o => o.PublicId == offerId, ct);
        return offer is null ? null : (await DescribeAsync(db, [offer], now, ct))[0];
    }

    /// <summary>Pauses or resumes an offer (the operator's pause); false when there is no such offer.</summary>
    public static async Task<bool> SetPausedAsync(OfferwallDb db, string offerId, bool paused, CancellationToken ct)
    {
        // An UPDATE of its own, past SaveChanges: the copies of the catalog in memory are told here (Data/CatalogChanges.cs).
        return CatalogChanges.Counted(db,
            await db.Offers.Where(o => o.PublicId == offerId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Paused, paused), ct)) > 0;
    }

    private static async Task<List<OfferStateView>> DescribeAsync(OfferwallDb db, List<Offer> offers, DateTime now, CancellationToken ct)
    {
        var withCaps = offers.Where(o => o.Caps.Any || o.Goals.Any(g => g.Caps.Any)).Select(o => o.Id).ToList();
        var days = offers.Select(o => CapDays.DayOf(now, o.CapTimeZone)).Append(CapCounter.Total).Distinct().ToList();
        var counters = withCaps.Count == 0 ? [] : await db.CapCounters.AsNoTracking()
            .Where(c => withCaps.Contains(c.OfferId) && days.Contains(c.Day)).ToListAsync(ct);
        return offers.ConvertAll(offer =>
        {
            var day = CapDays.DayOf(now, offer.CapTimeZone);
            var resets = CapDays.NextReset(now, offer.CapTimeZone);
            CapPeriodView? Period(long goalId, string key, bool any, int? cap, decimal? budget)
            {
                if (!any) return null;
                var counter = counters.FirstOrDefault(c => c.OfferId == offer.Id && c.GoalId == goalId && c.Day == key);
                var use = new CapUse(counter?.Conversions ?? 0, counter?.Spend ?? 0, cap, budget);
                return new CapPeriodView(key, use.Conversions, cap, use.ConversionsLeft, use.Spend, budget, use.BudgetLeft,
                    key == CapCounter.Total ? null : resets);
            }
            CapPeriodView? Today(long goalId, Caps caps) => Period(goalId, day, caps.AnyDaily, caps.DailyConversions, caps.DailyBudget);
            CapPeriodView? Total(long goalId, Caps caps) => Period(goalId, CapCounter.Total, caps.AnyTotal, caps.TotalConversions, caps.TotalBudget);
            var (status, reason) = StatusOf(offer, OfferCaps.Standing(offer, counters, now), now);
            return new OfferStateView(offer.PublicId, offer.Name, status, reason, offer.Paused, offer.IsActive,
                List(offer.Countries), List(offer.ExcludedCountries), List(offer.Platforms), offer.MinOsVersion, offer.MaxOsVersion,
                offer.StartsAt, offer.EndsAt, offer.CapTimeZone, offer.OverCap == OverCapRule.Hold ? "hold" : "cancel",
                Today(0, offer.Caps), Total(0, offer.Caps),
                [.. offer.Goals.Where(g => g.Caps.Any).OrderBy(g => g.Position).Select(g => new GoalCapsView(g.PublicId, Today(g.Id, g.Caps), Total(g.Id, g.Caps)))]);
        });
    }

    private static List<string> List(string commaSeparated) => commaSeparated.Length == 0 ? [] : [.. commaSeparated.Split(',')];

    /// <summary>The offer's row id from its offer_id (the operator's filters and settings name offers so); null when none has it.</summary>
    public static Task<long?> IdAsync(OfferwallDb db, string publicId, CancellationToken ct = default) =>
        db.Offers.Where(o => o.PublicId == publicId).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct);
}
