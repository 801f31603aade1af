namespace Offerwall.Data;

/// <summary>
/// A user starting an offer. <see cref="TxId"/> travels to the advertiser in the tracking link and
/// comes back in its conversion postbacks. One click per user and offer: restarting reuses it.
/// </summary>
public sealed class Click
{
    public const int MaxDeviceIdLength = 128;

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

    /// <summary>The device ids the app or wall sent at the start ("" none): its own id, Apple's IDFA, Google's advertising id.</summary>
    public string DeviceId { get; set; } = "";

    public string Idfa { get; set; } = "";
    public string Gaid { get; set; } = "";

    /// <summary>The device as the fraud rules count it: the IDFA, else the GAID, else the app's device id, lower case ("" none).</summary>
    public string DeviceKey { get; set; } = "";

    /// <summary>What the anonymizer lookups found of the address at the start, comma-separated (vpn, proxy, tor, hosting, residential_proxy; "" none).</summary>
    public string Anonymizer { get; set; } = "";

    /// <summary>
    /// What the fraud rules decided at the start, when they held or flagged it (<c>Fraud.RuleOutcome</c>: 0 nothing, 1 flag, 2 hold) and
    /// why: every conversion of the click is then held or flagged too. A start they reject makes no click.
    /// </summary>
    public int RiskOutcome { get; set; }

    public string RiskFindings { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
