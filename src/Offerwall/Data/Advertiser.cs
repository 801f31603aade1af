namespace Offerwall.Data;

/// <summary>Who pays for offers and reports conversions to the postback endpoint.</summary>
public sealed class Advertiser
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>HMAC key that signs the advertiser's conversion postbacks.</summary>
    public required string Secret { get; set; }

    /// <summary>
    /// The secret before the last rotation, still accepted until <see cref="PreviousSecretUntil"/>
    /// (the rotation's grace period, so the advertiser can switch without losing postbacks).
    /// </summary>
    public string? PreviousSecret { get; set; }
    public DateTime? PreviousSecretUntil { get; set; }

    /// <summary>
    /// Comma-separated IPs or CIDR ranges. A postback from one of them is accepted without a
    /// signature only when <see cref="IpOnlyAuth"/> is on; empty: none.
    /// </summary>
    public string AllowedIps { get; set; } = "";

    /// <summary>
    /// The operator's opt-in to IP-only authentication: an unsigned postback from an address on
    /// <see cref="AllowedIps"/> is accepted (and logged). Off by default: a signature is required.
    /// </summary>
    public bool IpOnlyAuth { get; set; }

    /// <summary>The secret that signs, or the one before it while its grace period lasts.</summary>
    public IEnumerable<string> SecretsAt(DateTime now) =>
        PreviousSecret is not null && PreviousSecretUntil > now ? [Secret, PreviousSecret] : [Secret];

    public DateTime CreatedAt { get; set; }
}
