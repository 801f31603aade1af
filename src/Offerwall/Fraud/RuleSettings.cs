using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Offerwall.Data;

namespace Offerwall.Fraud;

/// <summary>
/// Which fraud rules apply to a partner's conversions of an offer: the operator's setting for that offer, else for that partner, else
/// for everyone, else the configuration's (<see cref="FraudOptions"/>). A singleton: the operator's settings are read from the database
/// at most once per <see cref="FraudOptions.Refresh"/> (so a change made on another node applies here within it; on this node at once),
/// and the answer for each partner and offer is kept until then. With no rule on anywhere, it costs nothing per conversion.
/// </summary>
public sealed class RuleSettings(IOptions<FraudOptions> options, TimeProvider clock)
{
    public const long MaxLimit = 1_000_000_000;

    private sealed record Snapshot(DateTime ReadAt, List<FraudRuleSetting> Rows, ConcurrentDictionary<(long, long), RuleBook> Books);

    private volatile Snapshot? _snapshot;

    public async ValueTask<RuleBook> ForAsync(OfferwallDb db, long partnerId, long offerId, CancellationToken ct)
    {
        var snapshot = await SnapshotAsync(db, ct);
        return snapshot.Books.GetOrAdd((partnerId, offerId), key => Resolve(snapshot.Rows, key.Item1, key.Item2));
    }

    /// <summary>Reads the operator's settings again on the next call (after this node changed them).</summary>
    public void Forget() => _snapshot = null;

    /// <summary>The setting of each rule for everyone: the operator's, else the configuration's (Source says which).</summary>
    public async Task<List<(FraudRule Rule, long? Limit, RuleOutcome Outcome, string Source)>> DefaultsAsync(OfferwallDb db, CancellationToken ct)
    {
        var rows = (await SnapshotAsync(db, ct)).Rows;
        return FraudRule.All.Select(rule =>
        {
            if (rows.FirstOrDefault(r => r.Rule == rule.Name && r.PartnerId is null && r.OfferId is null) is { } row)
                return (rule, row.Limit, Outcome(row.Outcome), "operator");
            var config = options.Value.Rules.GetValueOrDefault(rule.Name);
            return (rule, config?.Limit, Outcome(config?.Outcome), "configuration");
        }).ToList();
    }

    private async ValueTask<Snapshot> SnapshotAsync(OfferwallDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_snapshot is { } known && now - known.ReadAt < options.Value.Refresh && now >= known.ReadAt) return known;
        var rows = await db.FraudRuleSettings.AsNoTracking().ToListAsync(ct);
        var snapshot = new Snapshot(now, rows, new());
        _snapshot = snapshot;
        return snapshot;
    }

    private RuleBook Resolve(List<FraudRuleSetting> rows, long partnerId, long offerId)
    {
        var active = new List<ActiveRule>();
        foreach (var rule in FraudRule.All)
        {
            var row = rows.FirstOrDefault(r => r.Rule == rule.Name && r.OfferId == offerId && r.PartnerId is null)
                      ?? rows.FirstOrDefault(r => r.Rule == rule.Name && r.PartnerId == partnerId && r.OfferId is null)
                      ?? rows.FirstOrDefault(r => r.Rule == rule.Name && r.PartnerId is null && r.OfferId is null);
            var (limit, outcome) = row is not null
                ? (row.Limit, Outcome(row.Outcome))
                : options.Value.Rules.GetValueOrDefault(rule.Name) is { } config ? (config.Limit, Outcome(config.Outcome)) : (null, RuleOutcome.Off);
            if (outcome == RuleOutcome.Off || rule.HasLimit && limit is null) continue;
            active.Add(new ActiveRule(rule.Name, limit ?? 0, outcome));
        }
        return active.Count == 0 ? RuleBook.Empty : new RuleBook(active);
    }

    private static RuleOutcome Outcome(string? text) => FraudRule.TryParseOutcome(text, out var outcome) ? outcome : RuleOutcome.Off;
}
