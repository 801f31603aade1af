using Offerwall.Data;

namespace Offerwall.Clicks;

/// <summary>
/// Renders an advertiser's tracking link: {tx_id}, {user_id}, {partner_id}, {offer_id}, {country} (the click's ISO code, empty when
/// unknown), {platform} (android, ios or web), {device_id}, {idfa}, {gaid} (as the start sent them; empty when not), {ip} (the user's
/// address at the start), {user_agent} and {sub_id} (the partner's label of the start), URL-encoded.
/// </summary>
public static class TrackingLink
{
    public static string Render(string template, Click click, string userId, Partner partner, Offer offer) => template
        .Replace("{tx_id}", Uri.EscapeDataString(click.TxId))
        .Replace("{user_id}", Uri.EscapeDataString(userId))
        .Replace("{partner_id}", partner.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Replace("{offer_id}", Uri.EscapeDataString(offer.PublicId))
        .Replace("{country}", Uri.EscapeDataString(click.Country))
        .Replace("{platform}", Uri.EscapeDataString(click.Platform))
        .Replace("{device_id}", Uri.EscapeDataString(click.DeviceId))
        .Replace("{idfa}", Uri.EscapeDataString(click.Idfa))
        .Replace("{gaid}", Uri.EscapeDataString(click.Gaid))
        .Replace("{ip}", Uri.EscapeDataString(click.Ip))
        .Replace("{user_agent}", Uri.EscapeDataString(click.UserAgent))
        .Replace("{sub_id}", Uri.EscapeDataString(click.SubId));
}
