using System.Text;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;

namespace Offerwall.Offers;

/// <summary>Where one cap scope (the offer, or one goal) stands in one period: conversions and spend counted, and the limits.</summary>
public sealed record CapUse(int Conversions, decimal Spend, int? MaxConversions, decimal? Budget)
{
    public int? ConversionsLeft => MaxConversions is { } max ? Math.Max(0, max - Conversions) : null;

    public decimal? BudgetLeft => Budget is { } budget ? Math.Max(0, budget - Spend) : null;

    /// <summary>Reached: no conversion left, or less budget left than <paramref name="cheapest"/> (the cheapest conversion that pays).</summary>
    public bool Reached(decimal cheapest) => ConversionsLeft == 0 || BudgetLeft is { } left && (left == 0 || left < cheapest);
}

/// <summary>One cap counter a conversion takes a unit of: its scope (goal id, 0 for the offer), period, and limits (null: none).</summary>
public sealed record CapRow(long GoalId, string Day, int? MaxConversions, decimal? Budget);

/// <summary>An offer's caps today (in its cap time zone) and in all, and which of the offer's own are reached.</summary>
public sealed record CapStanding(string Day, DateTime ResetsAt, CapUse? Today, CapUse? Total, bool TodayReached, bool TotalReached)
{
    public bool Reached => TodayReached || TotalReached;
}

/// <summary>
/// Caps and budgets (<see cref="Caps"/>): counted in <see cref="CapCounter"/> rows, one per scope (the
/// offer, or a goal) and period (a day of the offer's cap time zone, and all time). A conversion that
/// may be paid (pending or approved) takes one unit of every cap of its offer and goal, and its
/// advertiser payout of every budget, in the transaction that records it, by one conditional UPDATE of
/// all those rows: the database serializes concurrent ones, so exactly as many as fit are taken, on any
/// number of nodes. A cancellation or reversal gives the unit back.
/// </summary>
public static class OfferCaps
{
    /// <summary>Whether a conversion of <paramref name="goal"/> counts against caps at all.</summary>
    public static bool Apply(Offer offer, Goal goal) => offer.Caps.Any || goal.Caps.Any;

    /// <summary>The counters a conversion of <paramref name="goal"/> on <paramref name="day"/> (cap time zone) takes a unit of.</summary>
    public static List<CapRow> RowsFor(Offer offer, Goal goal, string day)
    {
        var rows = new List<CapRow>(4);
        foreach (var (goalId, caps) in new[] { (0L, offer.Caps), (goal.Id, goal.Caps) })
        {
            if (caps.AnyTotal) rows.Add(new CapRow(goalId, CapCounter.Total, caps.TotalConversions, caps.TotalBudget));
            if (caps.AnyDaily) rows.Add(new CapRow(goalId, day, caps.DailyConversions, caps.DailyBudget));
        }
        return rows;
    }

    /// <summary>Creates the counters of <paramref name="rows"/> that do not exist yet (at zero); a concurrent creation is no error.</summary>
    public static Task EnsureCountersAsync(OfferwallDb db, long offerId, IReadOnlyList<CapRow> rows, CancellationToken ct)
    {
        var values = new List<object> { offerId };
        var insert = new StringBuilder("INSERT INTO cap_counters (offer_id, goal_id, day, conversions, spend) VALUES ");
        foreach (var row in rows)
        {
            var g = values.Count;
            values.Add(row.GoalId);
            values.Add(row.Day);
            insert.Append(g == 1 ? "" : ", ").Append($"({{0}}, {{{g}}}, {{{g + 1}}}, 0, 0)");
        }
        insert.Append(" ON CONFLICT DO NOTHING");
        return db.Database.ExecuteSqlRawAsync(insert.ToString(), values, ct);
    }

    /// <summary>
    /// Takes one conversion costing <paramref name="spend"/> from every cap of the offer and the goal, in the caller's
    /// transaction. False: a cap or budget has no room; then some rows may be taken, and the caller must roll back.
    /// </summary>
    public static async Task<bool> TryTakeAsync(OfferwallDb db, Offer offer, Goal goal, decimal spend, string day, CancellationToken ct)
    {
        var rows = RowsFor(offer, goal, day);
        if (rows.Count == 0) return true;
        await EnsureCountersAsync(db, offer.Id, rows, ct);
        // {0} offer id, {1} spend (micro-units); then per row its goal id and day, and its limits where set.
        var values = new List<object> { offer.Id, Money.ToMicros(spend) };
        var where = new StringBuilder();
        foreach (var row in rows)
        {
            var g = values.Count;
            values.Add(row.GoalId);
            values.Add(row.Day);
            where.Append(g == 2 ? "" : " OR ").Append($"(goal_id = {{{g}}} AND day = {{{g + 1}}}");
            if (row.MaxConversions is { } max)
            {
                where.Append($" AND conversions < {{{values.Count}}}");
                values.Add(max);
            }
            if (row.Budget is { } budget)
            {
                where.Append($" AND spend + {{1}} <= {{{values.Count}}}");
                values.Add(Money.ToMicros(budget));
            }
            where.Append(')');
        }
        // Only placeholders are written into the text; every value is a parameter.
        var update = "UPDATE cap_counters SET conversions = conversions + 1, spend = spend + {1} WHERE offer_id = {0} AND (" + where + ")";
        var taken = await db.Database.ExecuteSqlRawAsync(update, values, ct);
        return taken == rows.Count;
    }

    /// <summary>Gives back what a conversion took (<see cref="Conversion.CapDay"/>), in the caller's transaction.</summary>
    public static Task GiveBackAsync(OfferwallDb db, Conversion conversion, CancellationToken ct)
    {
        if (conversion.CapDay is not { } day) return Task.CompletedTask;
        var spend = conversion.AdvertiserPayout;
        return db.CapCounters
            .Where(c => c.OfferId == conversion.OfferId && (c.GoalId == 0 || c.GoalId == conversion.GoalId) && (c.Day == CapCounter.Total || c.Day == day)
                        && c.Conversions > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Conversions, c => c.Conversions - 1).SetProperty(c => c.Spend, c => c.Spend - spend), ct);
    }

    // The offers' own counters (goal 0) of these periods: compiled (Data/PerEngine.cs), as the wall asks it on every list.
    private static readonly PerEngine<Func<OfferwallDb, List<long>, List<string>, IAsyncEnumerable<CapCounter>>> OfferCounters = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, List<long> ids, List<string> days) =>
            db.CapCounters.AsNoTracking().Where(c => ids.Contains(c.OfferId) && c.GoalId == 0 && days.Contains(c.Day))));

    /// <summary>Where each offer's own caps stand at <paramref name="now"/> (offers without caps are left out). Goals must be loaded.</summary>
    public static async Task<Dictionary<long, CapStanding>> StandingsAsync(OfferwallDb db, IEnumerable<Offer> offers, DateTime now, CancellationToken ct)
    {
        var capped = offers.Where(o => o.Caps.Any).ToList();
        if (capped.Count == 0) return [];
        var ids = capped.Select(o => o.Id).ToList();
        var days = capped.Select(o => CapDays.DayOf(now, o.CapTimeZone)).Append(CapCounter.Total).Distinct().ToList();
        var counters = new List<CapCounter>();
        await foreach (var counter in OfferCounters.For(db)(db, ids, days).WithCancellation(ct)) counters.Add(counter);
        return capped.ToDictionary(o => o.Id, o => Standing(o, counters, now)!);
    }

    /// <summary>Where the offer's own caps stand, from its loaded <paramref name="counters"/> (others' and goals' are skipped); null: it has none.</summary>
    public static CapStanding? Standing(Offer offer, IReadOnlyCollection<CapCounter> counters, DateTime now)
    {
        if (!offer.Caps.Any) return null;
        var day = CapDays.DayOf(now, offer.CapTimeZone);
        CapUse? Use(string key, bool any, int? max, decimal? budget)
        {
            if (!any) return null;
            var counter = counters.FirstOrDefault(c => c.OfferId == offer.Id && c.GoalId == 0 && c.Day == key);
            return new CapUse(counter?.Conversions ?? 0, counter?.Spend ?? 0, max, budget);
        }
        var today = Use(day, offer.Caps.AnyDaily, offer.Caps.DailyConversions, offer.Caps.DailyBudget);
        var total = Use(CapCounter.Total, offer.Caps.AnyTotal, offer.Caps.TotalConversions, offer.Caps.TotalBudget);
        var cheapest = offer.Goals.Where(g => g.Payout > 0).Select(g => g.Payout).DefaultIfEmpty(0).Min();
        return new CapStanding(day, CapDays.NextReset(now, offer.CapTimeZone), today, total, today?.Reached(cheapest) == true, total?.Reached(cheapest) == true);
    }
}
