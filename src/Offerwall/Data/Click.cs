namespace Offerwall.Data;

/// <summary>
/// A user starting an offer. <see cref="TxId"/> travels to the advertiser in the tracking link and
/// comes back in its conversion postbacks. One click per user and offer: restarting reuses it.
/// </summary>
public sealed class Click
{
    public const int MaxDeviceIdLength = 128;
    public const int MaxSubIdLength = 50;

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

    /// <summary>The partner's own label of the start (<c>sub_id</c>, at most 50 characters; "" none), passed back in its postbacks.</summary>
    public string SubId { get; set; } = "";

    /// <summary>The partner's tags of the start: a canonical URL-encoded query of up to 10 lower-cased pairs ("" none), passed back in its postbacks.</summary>
    public string Tags { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
