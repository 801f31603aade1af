using Offerwall.Web;

namespace Offerwall.Conversions;

/// <summary>
/// Section "AdvertiserPostbacks": its rate limits (docs/rate-limits.md), high enough for an attribution
/// network sending thousands of postbacks a second from a few addresses.
/// </summary>
public sealed class AdvertiserPostbackOptions
{
    /// <summary>Postbacks per advertiser, counted once its signature (or allowlisted address) is checked.</summary>
    public RateLimit PerAdvertiser { get; set; } = RateLimit.Of(50_000, TimeSpan.FromSeconds(10));

    /// <summary>Postbacks per client address, counted before anything is read.</summary>
    public RateLimit PerAddress { get; set; } = RateLimit.Of(30_000, TimeSpan.FromSeconds(10));
}
