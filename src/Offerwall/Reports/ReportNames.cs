using Microsoft.EntityFrameworkCore;
using Offerwall.Data;

namespace Offerwall.Reports;

/// <summary>The names a report's rows show for the ids the rollups hold: read once per report, for the ids it has.</summary>
public sealed class ReportNames
{
    public sealed record Named(long Id, string Name);

    public sealed record OfferName(string Id, string Name);

    public sealed record GoalName(string Id, string Name, string OfferId);

    public Dictionary<long, OfferName> Offers { get; private init; } = [];
    public Dictionary<long, GoalName> Goals { get; private init; } = [];
    public Dictionary<long, Named> Partners { get; private init; } = [];
    public Dictionary<long, Named> Advertisers { get; private init; } = [];

    public static async Task<ReportNames> LoadAsync(OfferwallDb db, IReadOnlyCollection<ReportKey> keys, CancellationToken ct)
    {
        var offerIds = keys.Select(k => k.OfferId).Where(id => id != 0).Distinct().ToList();
        var goalIds = keys.Select(k => k.GoalId).Where(id => id != 0).Distinct().ToList();
        var partnerIds = keys.Select(k => k.PartnerId).Where(id => id != 0).Distinct().ToList();
        var advertiserIds = keys.Select(k => k.AdvertiserId).Where(id => id != 0).Distinct().ToList();
        return new ReportNames
        {
            Offers = offerIds.Count == 0 ? [] : await db.Offers.AsNoTracking().Where(o => offerIds.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => new OfferName(o.PublicId, o.Name), ct),
            Goals = goalIds.Count == 0 ? [] : await db.Goals.AsNoTracking().Where(g => goalIds.Contains(g.Id))
                .Join(db.Offers, g => g.OfferId, o => o.Id, (g, o) => new { g.Id, g.PublicId, g.Name, Offer = o.PublicId })
                .ToDictionaryAsync(g => g.Id, g => new GoalName(g.PublicId, g.Name, g.Offer), ct),
            Partners = partnerIds.Count == 0 ? [] : await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id))
                .ToDictionaryAsync(p => p.Id, p => new Named(p.Id, p.Name), ct),
            Advertisers = advertiserIds.Count == 0 ? [] : await db.Advertisers.AsNoTracking().Where(a => advertiserIds.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => new Named(a.Id, a.Name), ct),
        };
    }
}
