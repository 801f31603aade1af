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

    /// <summary>
    /// How the advertiser's conversions arrive: "signed" (the HMAC postback, /postbacks/advertiser) or the name of the
    /// measurement partner (MMP) whose macros fill our template at /postbacks/mmp/{id} (Conversions/MmpProfile.cs).
    /// </summary>
    public string IntakeProfile { get; set; } = "signed";

    /// <summary>The currency the advertiser's MMP reports revenue in when a postback names none (ISO 4217).</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>How an MMP postback authenticates: "token", "token_or_ranges" or "token_and_ranges" (docs/integrations.md).</summary>
    public string MmpAuth { get; set; } = "token";

    /// <summary>SHA-256 (hex) of the token in the advertiser's MMP postback URL; null: none issued.</summary>
    public string? TokenHash { get; set; }

    /// <summary>The token before the last rotation, still accepted until <see cref="PreviousTokenUntil"/>.</summary>
    public string? PreviousTokenHash { get; set; }
    public DateTime? PreviousTokenUntil { get; set; }

    /// <summary>The token hashes accepted at <paramref name="now"/>: the current one, and the previous one during its grace.</summary>
    public IEnumerable<string> TokenHashesAt(DateTime now) =>
        new[] { TokenHash, PreviousTokenHash is not null && PreviousTokenUntil > now ? PreviousTokenHash : null }.OfType<string>();
}
