using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Conversions;

/// <summary>
/// The risk report (admin API, command line, CSV): over the conversions created in a range of US Eastern days, per partner, per offer or per
/// partner's user, how many were paid, reversed, cancelled, and flagged, held or rejected by the fraud rules, in all and by rule. Most
/// conversions first. Two grouped queries, whatever the number of conversions; the by-rule counts come from the rules each one recorded.
/// </summary>
public static class RiskReport
{
    public const int MaxLimit = 1000;

    public static readonly string[] Groupings = ["partner", "offer", "user"];

    private sealed record Key(long PartnerId, long OfferId, long UserId);

    public static async Task<List<RiskRow>> BuildAsync(OfferwallDb db, DateOnly from, DateOnly to, string groupBy, long? partnerId, long? offerId, int limit,
        CancellationToken ct = default)
    {
        var (fromUtc, toUtc) = EasternTime.Range(from, to);
        var window = db.Conversions.AsNoTracking().Where(c => c.CreatedAt >= fromUtc && c.CreatedAt < toUtc);
        if (partnerId is not null) window = window.Where(c => c.PartnerId == partnerId);
        if (offerId is not null) window = window.Where(c => c.OfferId == offerId);
        // The group's key, with 0 for what it does not group by (one query shape for the three).
        var keyed = groupBy switch
        {
            "offer" => window.Select(c => new { c, PartnerId = 0L, c.OfferId, UserId = 0L }),
            "user" => window.Select(c => new { c, c.PartnerId, OfferId = 0L, c.UserId }),
            _ => window.Select(c => new { c, c.PartnerId, OfferId = 0L, UserId = 0L }),
        };
        var totals = await keyed.GroupBy(x => new { x.PartnerId, x.OfferId, x.UserId })
            .Select(g => new
            {
                g.Key.PartnerId, g.Key.OfferId, g.Key.UserId, Conversions = g.LongCount(),
                Approved = g.LongCount(x => x.c.Status == ConversionStatus.Approved),
                Pending = g.LongCount(x => x.c.Status == ConversionStatus.Pending),
                Reversed = g.LongCount(x => x.c.Status == ConversionStatus.Reversed),
                Cancelled = g.LongCount(x => x.c.Status == ConversionStatus.Cancelled),
                Flagged = g.LongCount(x => x.c.RiskOutcome == 1), Held = g.LongCount(x => x.c.RiskOutcome == 2), Rejected = g.LongCount(x => x.c.RiskOutcome == 3),
            })
            .OrderByDescending(g => g.Conversions).ThenBy(g => g.PartnerId).ThenBy(g => g.OfferId).ThenBy(g => g.UserId)
            .Take(Math.Clamp(limit, 1, MaxLimit)).ToListAsync(ct);
        if (totals.Count == 0) return [];

        var ruled = await keyed.Where(x => x.c.RiskOutcome > 0)
            .GroupBy(x => new { x.PartnerId, x.OfferId, x.UserId, x.c.ReviewRules, x.c.RiskOutcome })
            .Select(g => new { g.Key.PartnerId, g.Key.OfferId, g.Key.UserId, g.Key.ReviewRules, g.Key.RiskOutcome, Count = g.LongCount() })
            .ToListAsync(ct);
        var byRule = new Dictionary<Key, Dictionary<string, (long Flagged, long Held, long Rejected)>>();
        foreach (var r in ruled)
        {
            var counts = byRule.TryGetValue(new Key(r.PartnerId, r.OfferId, r.UserId), out var known) ? known : byRule[new Key(r.PartnerId, r.OfferId, r.UserId)] = [];
            foreach (var rule in r.ReviewRules.Split(',', StringSplitOptions.RemoveEmptyEntries).Distinct())
            {
                var (f, h, j) = counts.GetValueOrDefault(rule);
                counts[rule] = r.RiskOutcome switch { 1 => (f + r.Count, h, j), 2 => (f, h + r.Count, j), _ => (f, h, j + r.Count) };
            }
        }

        var offerIds = totals.Select(t => t.OfferId).Where(id => id != 0).Distinct().ToList();
        var offers = offerIds.Count == 0 ? [] : await db.Offers.Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.PublicId, ct);
        var userIds = totals.Select(t => t.UserId).Where(id => id != 0).Distinct().ToList();
        var users = userIds.Count == 0 ? [] : await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.ExternalId, ct);
        return totals.Select(t =>
        {
            var paid = t.Approved + t.Reversed;
            var rules = byRule.GetValueOrDefault(new Key(t.PartnerId, t.OfferId, t.UserId)) ?? [];
            return new RiskRow(t.PartnerId == 0 ? null : t.PartnerId, t.OfferId == 0 ? null : offers.GetValueOrDefault(t.OfferId),
                t.UserId == 0 ? null : users.GetValueOrDefault(t.UserId), t.Conversions, t.Approved, t.Pending, t.Reversed, t.Cancelled,
                paid == 0 ? null : Math.Round((decimal)t.Reversed / paid, 4), t.Flagged, t.Held, t.Rejected,
                rules.OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => new RuleCounts(r.Value.Flagged, r.Value.Held, r.Value.Rejected)));
        }).ToList();
    }

    /// <summary>The report as CSV (RFC 4180): one line per row, and for each rule its flagged, held and rejected counts.</summary>
    public static async Task WriteCsvAsync(IReadOnlyList<RiskRow> rows, IReadOnlyList<string> rules, TextWriter output)
    {
        await output.WriteLineAsync(string.Join(',', new[]
        {
            "partner_id", "offer_id", "user_id", "conversions", "approved", "pending", "reversed", "cancelled", "reversal_ratio", "flagged", "held", "rejected",
        }.Concat(rules.SelectMany(r => new[] { r + "_flagged", r + "_held", r + "_rejected" }))));
        foreach (var r in rows)
        {
            var fields = new List<string>
            {
                r.PartnerId?.ToString(CultureInfo.InvariantCulture) ?? "", Csv(r.OfferId ?? ""), Csv(r.UserId ?? ""), N(r.Conversions), N(r.Approved), N(r.Pending),
                N(r.Reversed), N(r.Cancelled), r.ReversalRatio?.ToString(CultureInfo.InvariantCulture) ?? "", N(r.Flagged), N(r.Held), N(r.Rejected),
            };
            foreach (var rule in rules)
            {
                var c = r.ByRule.GetValueOrDefault(rule) ?? new RuleCounts(0, 0, 0);
                fields.AddRange([N(c.Flagged), N(c.Held), N(c.Rejected)]);
            }
            await output.WriteLineAsync(string.Join(',', fields));
        }
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Csv(string value) => Web.Csv.Field(value);
}
