using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.ClientApi;

public sealed record HistoryCategory(string Name, string IconUrl, string NameInternal);

public sealed record HistoryNetwork(string Name, string IconUrl);

public sealed record HistoryDetails(HistoryCategory Category, HistoryNetwork Network);

/// <summary>One item of BitLabs' user history (https://docs.bitlabs.ai/operation/operation-getuserhistory), keys in its order.</summary>
public sealed record HistoryEntry(string Type, long SurveyId, long? TxId, HistoryDetails Details, string? UserValue, int? Rating, string CreatedAt,
    string? Duration, bool Reconciled, int? CallbackDelaySeconds, string SupportFormUrl);

/// <summary>
/// The user's history in BitLabs' shape: one <c>COMPLETE</c> (pending, approved, or reversed: <c>reconciled</c>) or <c>SCREENOUT</c>
/// (cancelled) item per conversion, and for a click without conversions one <c>OPEN</c> item while the offer can still convert, else
/// <c>LEAVE</c>. Newest first. The mapping of every key: docs/client-api.md.
/// </summary>
public static class UserHistory
{
    public static readonly string[] Kinds = ["surveys", "offers", "magic_receipts", "others"];

    /// <summary>The kinds asked (null: all), or false with the error for a 400.</summary>
    public static bool TryKinds(HistoryQuery query, out HashSet<string>? kinds, out string? error)
    {
        kinds = null;
        error = null;
        var values = (query.Filter ?? []).Concat(query.FilterArray ?? []).SelectMany(v => (v ?? "").Split(','))
            .Select(v => v.Trim().ToLowerInvariant()).Where(v => v.Length > 0).ToList();
        if (values.Count == 0) return true;
        if (values.FirstOrDefault(v => !Kinds.Contains(v)) is not null)
        {
            error = "filter must each be surveys, offers, magic_receipts or others";
            return false;
        }
        kinds = [.. values];
        return true;
    }

    public static async Task<List<HistoryEntry>> ListAsync(OfferwallDb db, Partner partner, string externalUserId, HashSet<string>? kinds, DateTime now,
        CancellationToken ct)
    {
        var userId = await PartnerUsers.IdAsync(db, partner.Id, externalUserId, ct);
        if (userId is null) return [];
        var clicks = await db.Clicks.AsNoTracking().Where(c => c.UserId == userId).ToListAsync(ct);
        var offerIds = clicks.Select(c => c.OfferId).ToList();
        var offers = await db.Offers.AsNoTracking().Include(o => o.Goals).Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var conversions = await db.Conversions.AsNoTracking().Where(c => c.UserId == userId)
            .Select(c => new { c.Id, c.ClickId, c.GoalId, c.Status, c.RewardLocal, c.CreatedAt, c.HoldUntil }).ToListAsync(ct);
        var entries = new List<HistoryEntry>();
        foreach (var click in clicks)
        {
            var offer = offers[click.OfferId];
            var kind = offer.Kind == OfferKind.Survey ? "surveys" : "offers";
            if (kinds is not null && !kinds.Contains(kind)) continue;
            var category = new HistoryCategory(offer.Name, offer.IconUrl, offer.PublicId);
            var mine = conversions.Where(c => c.ClickId == click.Id).ToList();
            foreach (var c in mine)
            {
                var goal = offer.Goals.FirstOrDefault(g => g.Id == c.GoalId);
                var cancelled = c.Status == ConversionStatus.Cancelled;
                int? delay = c.Status != ConversionStatus.Pending ? 0
                    : c.HoldUntil == Conversion.HeldForOperator ? null
                    : (int)Math.Clamp(Math.Ceiling((c.HoldUntil - now).TotalSeconds), 0, int.MaxValue);
                entries.Add(new HistoryEntry(cancelled ? "SCREENOUT" : "COMPLETE", offer.Id, c.Id,
                    new HistoryDetails(category, new HistoryNetwork(goal?.Name ?? "", "")), cancelled ? OfferProgress.Points(0) : OfferProgress.Points(c.RewardLocal),
                    null, IsoUtc.Format(c.CreatedAt), Seconds(c.CreatedAt - click.CreatedAt), c.Status == ConversionStatus.Reversed, delay, offer.ContactUrl));
            }
            if (mine.Count > 0) continue;
            // No conversion: open while the offer runs and its time limit (if any) has not passed since the click; else the user left it.
            var expiry = Offer.Expiry(click.CreatedAt, offer.TimeLimitHours);
            var open = offer.IsActive && (expiry is null || expiry > now);
            entries.Add(new HistoryEntry(open ? "OPEN" : "LEAVE", offer.Id, null, new HistoryDetails(category, new HistoryNetwork("", "")), null, null,
                IsoUtc.Format(click.CreatedAt), open ? null : expiry is { } ended ? Seconds(ended - click.CreatedAt) : null, false, null, offer.ContactUrl));
        }
        return [.. entries.OrderByDescending(e => e.CreatedAt, StringComparer.Ordinal).ThenByDescending(e => e.TxId ?? 0).ThenByDescending(e => e.SurveyId)];
    }

    /// <summary>A duration as whole seconds, never below 0.</summary>
    private static string Seconds(TimeSpan span) => ((long)Math.Max(0, Math.Floor(span.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
}
