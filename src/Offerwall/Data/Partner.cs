namespace Offerwall.Data;

/// <summary>A publisher that embeds the wall. Its users earn its own virtual currency.</summary>
public sealed class Partner
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Display name of the partner's currency, e.g. "Coins".</summary>
    public required string CurrencyName { get; set; }

    /// <summary>Units of the partner's currency per 1 USD of user reward.</summary>
    public decimal CurrencyRatio { get; set; }

    /// <summary>Share (0..1) of the advertiser's payout that goes to the partner.</summary>
    public decimal RevenueShare { get; set; }

    /// <summary>SHA-256 (hex) of the secret server API key; the key itself is never stored.</summary>
    public required string ServerKeyHash { get; set; }

    /// <summary>First characters of the server key, so operators can tell keys apart.</summary>
    public required string ServerKeyHint { get; set; }

    /// <summary>The hash of the key before the last rotation, still accepted until <see cref="PreviousServerKeyUntil"/>.</summary>
    public string? PreviousServerKeyHash { get; set; }
    public DateTime? PreviousServerKeyUntil { get; set; }

    /// <summary>Public token the partner's app sends as X-Api-Token.</summary>
    public required string AppToken { get; set; }

    /// <summary>The app token before the last rotation, still accepted until <see cref="PreviousAppTokenUntil"/>.</summary>
    public string? PreviousAppToken { get; set; }
    public DateTime? PreviousAppTokenUntil { get; set; }

    /// <summary>Template of the partner's postback URL, with {macros}.</summary>
    public string? PostbackUrl { get; set; }

    /// <summary>HMAC key for signing postbacks. Must be readable to sign, so it is stored as is.</summary>
    public required string PostbackSecret { get; set; }

    /// <summary>
    /// The postback secret before the last rotation. Until <see cref="PreviousPostbackSecretUntil"/>
    /// postbacks are still signed with it (docs/security.md: rotation).
    /// </summary>
    public string? PreviousPostbackSecret { get; set; }
    public DateTime? PreviousPostbackSecretUntil { get; set; }

    public PostbackFormat PostbackFormat { get; set; }

    /// <summary>Also send postbacks for pending and cancelled conversions.</summary>
    public bool StatefulPostbacks { get; set; }

    /// <summary>
    /// BitLabs-style reversals: a reversal's postback carries negative amounts and the transaction id <c>r&lt;id&gt;</c> (with <c>{ref}</c> the
    /// original id) instead of the same id and positive amounts with <c>reverse=1</c>. Off by default (docs/postbacks.md).
    /// </summary>
    public bool NegativeReversals { get; set; }

    public bool SurveysEnabled { get; set; }

    /// <summary>Answer 406 to client API calls from VPN, proxy and hosting addresses.</summary>
    public bool BlockVpn { get; set; } = true;

    /// <summary>Made by the demo data generator (the demo admin token exists only on a database of demo partners).</summary>
    public bool IsDemo { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// When the operator suspended the partner: its client API (and so its wall) refuses, its postbacks wait unsent; its Data API still
    /// answers. Null: not suspended.
    /// </summary>
    public DateTime? SuspendedAt { get; set; }

    /// <summary>The operator's reason for the suspension; null when not suspended.</summary>
    public string? SuspendReason { get; set; }
}
