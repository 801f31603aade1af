using Offerwall.Web;

namespace Offerwall.Partners;

/// <summary>Section "PartnerApi": the rate limits of everything under /data/partner (docs/rate-limits.md).</summary>
public sealed class PartnerApiOptions
{
    /// <summary>Requests per partner (per server key, once authenticated): above a partner paging the Data API as fast as it can.</summary>
    public RateLimit PerPartner { get; set; } = RateLimit.Of(10_000, TimeSpan.FromSeconds(10));

    /// <summary>Requests per client address, counted before the key is looked up.</summary>
    public RateLimit PerAddress { get; set; } = RateLimit.Of(20_000, TimeSpan.FromSeconds(10));

    /// <summary>Requests with a key that authenticates no partner, per client address; beyond, 429 instead of 401.</summary>
    public RateLimit FailedKeysPerAddress { get; set; } = RateLimit.Of(60, TimeSpan.FromMinutes(1));

    /// <summary>Replays of deliveries already delivered, per partner (replays of pending and dead ones are not limited).</summary>
    public RateLimit DeliveredReplays { get; set; } = RateLimit.Of(30, TimeSpan.FromHours(1));

    /// <summary>Test postbacks, per partner.</summary>
    public RateLimit TestPostbacks { get; set; } = RateLimit.Of(10, TimeSpan.FromMinutes(1));
}
