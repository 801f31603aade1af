using Offerwall.Data;

namespace Offerwall.Clicks;

/// <summary>
/// Renders an advertiser's tracking link: {tx_id}, {user_id}, {partner_id}, {offer_id}, {country} (the click's ISO code, empty when
/// unknown) and {platform} (android, ios or web), URL-encoded.
/// </summary>
public static class TrackingLink
{
    public static string Render(string template, Click click, string userId, Partner partner, Offer offer) => template
        .Replace("{tx_id}", Uri.EscapeDataString(click.TxId))
        .Replace("{user_id}", Uri.EscapeDataString(userId))
        .Replace("{partner_id}", partner.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Replace("{offer_id}", Uri.EscapeDataString(offer.PublicId))
        .Replace("{country}", Uri.EscapeDataString(click.Country))
        .Replace("{platform}", Uri.EscapeDataString(click.Platform));
}
