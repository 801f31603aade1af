using Offerwall.Data;

namespace Offerwall.Clicks;

/// <summary>Renders an advertiser's tracking link: {tx_id}, {user_id}, {partner_id}, {offer_id}, URL-encoded.</summary>
public static class TrackingLink
{
    public static string Render(string template, Click click, string userId, Partner partner, Offer offer) => template
        .Replace("{tx_id}", Uri.EscapeDataString(click.TxId))
        .Replace("{user_id}", Uri.EscapeDataString(userId))
        .Replace("{partner_id}", partner.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Replace("{offer_id}", Uri.EscapeDataString(offer.PublicId));
}
