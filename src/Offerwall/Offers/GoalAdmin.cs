using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Offers;

/// <summary>A goal's own caps and budgets as set (null: none): conversions per day and in all, the advertiser's spend in USD per day and in all.</summary>
public sealed record GoalCapsSet(int? DailyConversions, int? TotalConversions, decimal? DailyBudget, decimal? TotalBudget);

/// <summary>
/// One goal of an offer as the operator sees it: what the advertiser pays (<see cref="Payout"/>, USD; for a dynamic goal its default),
/// the user's reward in USD, its kind (flat or dynamic) and type, its hold before approval, its own caps, and whether the operator paused it.
/// </summary>
public sealed record OfferGoalView(string Id, string Name, int Position, decimal Payout, decimal Reward, string Kind, string Type, int HoldHours,
    int? TimeLimitHours, decimal? CommissionAmount, bool Paused, GoalCapsSet Caps);

/// <summary>
/// PATCH /admin/offers/{id}/goals/{goal_id}: a field left out (or null) keeps its value; <see cref="Caps"/> sent replaces the goal's caps as
/// the import writes them. <see cref="TimeLimitHours"/> 0 removes the goal's own limit (the offer's applies).
/// </summary>
public sealed record GoalEdit(string? Name = null, decimal? Payout = null, decimal? Reward = null, int? HoldHours = null, int? TimeLimitHours = null,
    CapsSpec? Caps = null);

/// <summary>The operator's operations on one goal (admin API and command line): list, pause and resume, edit.</summary>
public static class GoalAdmin
{
    /// <summary>The offer's goals, by position; null when no offer has this id.</summary>
    public static async Task<List<OfferGoalView>?> ListAsync(OfferwallDb db, string offerId, CancellationToken ct)
    {
        if (!IsId(offerId, Offer.MaxPublicIdLength)
            || await db.Offers.AsNoTracking().Where(o => o.PublicId == offerId).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct) is not { } id)
            return null;
        var goals = await db.Goals.AsNoTracking().Where(g => g.OfferId == id).OrderBy(g => g.Position).ThenBy(g => g.Id).ToListAsync(ct);
        return goals.ConvertAll(View);
    }

    /// <summary>Pauses or resumes one goal of the offer (again is a no-op); null when the offer has no such goal.</summary>
    public static async Task<OfferGoalView?> SetPausedAsync(OfferwallDb db, string offerId, string goalId, bool paused, CancellationToken ct)
    {
        if (await FindAsync(db, offerId, goalId, ct) is not { } goal) return null;
        goal.Paused = paused;
        await db.SaveChangesAsync(ct);
        return View(goal);
    }

    /// <summary>
    /// Applies an edit of the goal's name, payout, reward, hold, time limit or caps, checked by the import's rules for goals
    /// (<see cref="OfferAdmin.ValidateAsync"/> on the goal as it would be, errors keyed by the edit's fields: "payout", "caps.daily_budget").
    /// Goal null: the offer has no such goal. Nothing is written when there are errors.
    /// </summary>
    public static async Task<(OfferGoalView? Goal, Dictionary<string, string[]> Errors)> EditAsync(OfferwallDb db, string offerId, string goalId, GoalEdit e,
        CancellationToken ct = default)
    {
        if (await FindAsync(db, offerId, goalId, ct) is not { } goal) return (null, []);
        var advertiserId = await db.Offers.Where(o => o.Id == goal.OfferId).Select(o => o.AdvertiserId).FirstAsync(ct);
        var timeLimit = e.TimeLimitHours is null ? goal.TimeLimitHours : e.TimeLimitHours == 0 ? null : e.TimeLimitHours;
        var caps = e.Caps ?? new CapsSpec(goal.Caps.DailyConversions, goal.Caps.TotalConversions, goal.Caps.DailyBudget, goal.Caps.TotalBudget);
        // The goal as the edit would leave it, in an offer of the goal's own id and advertiser (the rest stand-ins): the import's rules decide.
        var spec = new GoalSpec(goal.PublicId, e.Name ?? goal.Name, e.Payout ?? goal.Payout, e.Reward ?? goal.Reward, GoalTerms.KindName(goal.Kind),
            GoalTerms.DisplayName(goal.DisplayType), (int)goal.Type, goal.CommissionAmount, goal.TimePlayedUnit, goal.TimePlayedCount,
            e.HoldHours ?? goal.HoldHours, timeLimit, caps);
        var prefix = "offers[0].goals[0].";
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, messages) in await OfferAdmin.ValidateAsync(db, [new OfferSpec(offerId, advertiserId, "x", "https://x.example/", [spec])], ct))
            if (key.StartsWith(prefix, StringComparison.Ordinal) && Sent(e, key[prefix.Length..]) is { } field) errors[field] = messages;
        if (errors.Count > 0) return (View(goal), errors);
        goal.Name = spec.Name; goal.Payout = spec.Payout; goal.Reward = spec.Reward; goal.HoldHours = spec.HoldHours; goal.TimeLimitHours = spec.TimeLimitHours;
        if (e.Caps is not null) OfferAdmin.ApplyCaps(e.Caps, goal.Caps);
        await db.SaveChangesAsync(ct);
        return (View(goal), errors);
    }

    /// <summary>
    /// The field an error names when the edit sent it; null for a field left out (a stored value the edit does not touch). A dynamic goal's
    /// payout and reward are checked together, so either sent keeps the other's error.
    /// </summary>
    private static string? Sent(GoalEdit e, string field) => field switch
    {
        "name" when e.Name is not null => field,
        "payout" or "reward" when e.Payout is not null || e.Reward is not null => field,
        "hold_hours" when e.HoldHours is not null => field,
        "time_limit_hours" when e.TimeLimitHours is not null => field,
        _ when field.StartsWith("caps", StringComparison.Ordinal) && e.Caps is not null => field,
        _ => null,
    };

    /// <summary>
    /// The offer's goal named by its public id ("offer_install") or by the import's own goal id ("install"); null when it has none.
    /// Ids that no offer or goal could have are not looked up.
    /// </summary>
    private static async Task<Goal?> FindAsync(OfferwallDb db, string offerId, string goalId, CancellationToken ct)
    {
        if (!IsId(offerId, Offer.MaxPublicIdLength) || !IsId(goalId, MaxGoalIdLength)) return null;
        var prefixed = offerId + "_" + goalId;
        var goals = await db.Goals.Where(g => (g.PublicId == goalId || g.PublicId == prefixed) && db.Offers.Any(o => o.Id == g.OfferId && o.PublicId == offerId))
            .ToListAsync(ct);
        return goals.Find(g => g.PublicId == goalId) ?? goals.FirstOrDefault();
    }

    /// <summary>The longest goal id (its column).</summary>
    private const int MaxGoalIdLength = 100;

    private static bool IsId(string id, int max) => id.Length is > 0 and <= MaxGoalIdLength && id.Length <= max && StoredText.IsStorable(id);

    private static OfferGoalView View(Goal g) => new(g.PublicId, g.Name, g.Position, g.Payout, g.Reward, GoalTerms.KindName(g.Kind),
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(g.Type.ToString()), g.HoldHours, g.TimeLimitHours, g.CommissionAmount, g.Paused,
        new GoalCapsSet(g.Caps.DailyConversions, g.Caps.TotalConversions, g.Caps.DailyBudget, g.Caps.TotalBudget));
}
