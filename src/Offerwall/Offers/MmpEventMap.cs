using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Offers;

/// <summary>An offer's whole event map: the MMP's event name → the goal's id (as in the offer's goals). It replaces the map stored.</summary>
public sealed record MmpEventsBody(Dictionary<string, string>? Events) : IValidatableObject
{
    /// <summary>The admin API's check (the framework's validation): <see cref="MmpEventMap.Validate"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) => BodyValidation.Results(MmpEventMap.Validate(this));
}

/// <summary>
/// Which goal each of the MMP's event names reaches, per offer: stored on the goals (<see cref="Goal.MmpEvents"/>, one name a line),
/// so that an offer's goals and their names are read together and a goal deleted takes its names with it.
/// </summary>
public static class MmpEventMap
{
    public const int MaxNameLength = 100;
    public const int MaxEvents = 200;

    public static Dictionary<string, string[]> Validate(MmpEventsBody body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Events is null) errors["events"] = ["Give the map: {\"af_level_10\": \"<goal id>\", \"install\": \"<goal id>\"} ({} clears it)."];
        else if (body.Events.Count > MaxEvents) errors["events"] = [$"At most {MaxEvents} event names."];
        else
            foreach (var (name, goal) in body.Events)
                if (!IsName(name) || string.IsNullOrEmpty(goal) || goal.Length > 100)
                    errors["events"] = [$"Each event name must be 1 to {MaxNameLength} characters without control characters, and map to a goal id."];
        return errors;
    }

    public static bool IsName(string? name) => name is { Length: > 0 and <= MaxNameLength } && !name.Any(char.IsControl) && StoredText.IsStorable(name);

    /// <summary>The offer's map; null when there is no such offer.</summary>
    public static async Task<Dictionary<string, string>?> GetAsync(OfferwallDb db, string offerId, CancellationToken ct = default)
    {
        var offer = await db.Offers.AsNoTracking().Where(o => o.PublicId == offerId).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct);
        if (offer is null) return null;
        var goals = await db.Goals.AsNoTracking().Where(g => g.OfferId == offer && g.MmpEvents != "").Select(g => new { g.PublicId, g.MmpEvents }).ToListAsync(ct);
        return goals.SelectMany(g => Names(g.MmpEvents).Select(n => (n, g.PublicId))).OrderBy(p => p.n, StringComparer.Ordinal)
            .ToDictionary(p => p.n, p => p.PublicId, StringComparer.Ordinal);
    }

    /// <summary>Replaces the offer's map. (null, null): no such offer; errors name a goal the offer does not have.</summary>
    public static async Task<(Dictionary<string, string>? Map, Dictionary<string, string[]>? Errors)> SetAsync(OfferwallDb db, string offerId, MmpEventsBody body,
        CancellationToken ct = default)
    {
        var offer = await db.Offers.AsNoTracking().Where(o => o.PublicId == offerId).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct);
        if (offer is null) return (null, null);
        var goals = await db.Goals.Where(g => g.OfferId == offer).ToListAsync(ct);
        var unknown = body.Events!.Values.FirstOrDefault(id => goals.All(g => g.PublicId != id));
        if (unknown is not null)
            return (null, new() { ["events"] = [$"The offer has no goal '{StoredText.Clean(unknown)}'."] });
        foreach (var goal in goals)
            goal.MmpEvents = string.Join('\n', body.Events.Where(e => e.Value == goal.PublicId).Select(e => e.Key).Order(StringComparer.Ordinal));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return (await GetAsync(db, offerId, ct), null);
    }

    public static IEnumerable<string> Names(string stored) => stored.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
