using Microsoft.Extensions.Options;
using Offerwall.Web;

namespace Offerwall.PartnerApi;

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

/// <summary>The partner API's counters, one set per server process; partners are counted by id, never by the key sent.</summary>
public sealed class PartnerLimits(IOptions<PartnerApiOptions> options) : IDisposable
{
    public KeyedLimiter<long> PerPartner { get; } = new(options.Value.PerPartner);
    public KeyedLimiter<UInt128> PerAddress { get; } = new(options.Value.PerAddress);
    public KeyedLimiter<UInt128> FailedKeysPerAddress { get; } = new(options.Value.FailedKeysPerAddress);
    public KeyedLimiter<long> DeliveredReplays { get; } = new(options.Value.DeliveredReplays);
    public KeyedLimiter<long> TestPostbacks { get; } = new(options.Value.TestPostbacks);

    /// <summary>Laravel's answer of its throttle middleware: 429 <c>{"message":"Too Many Attempts."}</c>, with Retry-After.</summary>
    public static IResult TooManyAttempts(HttpContext http, TimeSpan wait)
    {
        RateLimits.SetRetryAfter(http, wait);
        return TypedResults.Json(new LaravelMessage("Too Many Attempts."), statusCode: StatusCodes.Status429TooManyRequests);
    }

    public void Dispose()
    {
        PerPartner.Dispose();
        PerAddress.Dispose();
        FailedKeysPerAddress.Dispose();
        DeliveredReplays.Dispose();
        TestPostbacks.Dispose();
    }
}
