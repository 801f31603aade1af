namespace Offerwall.Offers;

/// <summary>Who pays for offers and reports conversions to the postback endpoint.</summary>
public sealed class Advertiser
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>HMAC key that signs the advertiser's conversion postbacks.</summary>
    public required string Secret { get; set; }

    /// <summary>Comma-separated IPs or CIDR ranges allowed to post without a signature; empty: none.</summary>
    public string AllowedIps { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
