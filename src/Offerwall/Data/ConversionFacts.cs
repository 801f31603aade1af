using Microsoft.EntityFrameworkCore;

namespace Offerwall.Data;

/// <summary>What a ledger row and a postback need to know about a conversion, beyond its own row.</summary>
public sealed record ConversionFacts(
    Conversion Conversion, string UserExternalId, string OfferPublicId, string OfferName, string GoalPublicId, string GoalName,
    bool HasPostbackUrl, bool StatefulPostbacks)
{
    /// <summary>The facts of the given conversions (filter them before, not after: the projection is final).</summary>
    public static IQueryable<ConversionFacts> Of(OfferwallDb db, IQueryable<Conversion> conversions) =>
        from c in conversions.AsNoTracking()
        join u in db.Users on c.UserId equals u.Id
        join o in db.Offers on c.OfferId equals o.Id
        join g in db.Goals on c.GoalId equals g.Id
        join p in db.Partners on c.PartnerId equals p.Id
        select new ConversionFacts(c, u.ExternalId, o.PublicId, o.Name, g.PublicId, g.Name, p.PostbackUrl != null, p.StatefulPostbacks);
}
