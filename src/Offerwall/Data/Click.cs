namespace Offerwall.Data;

/// <summary>
/// A user starting an offer. <see cref="TxId"/> travels to the advertiser in the tracking link and
/// comes back in its conversion postbacks. One click per user and offer: restarting reuses it.
/// </summary>
public sealed class Click
{
    public long Id { get; set; }
    public required string TxId { get; set; }
    public long PartnerId { get; set; }
    public long UserId { get; set; }
    public long OfferId { get; set; }
    public string Ip { get; set; } = "";
    public string UserAgent { get; set; } = "";

    /// <summary>The user's country when they started (ISO code from their address; "" unknown) and platform (android, ios, web).</summary>
    public string Country { get; set; } = "";

    public string Platform { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
