using Microsoft.Extensions.Options;
using Offerwall.Web;

namespace Offerwall.Partners;

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
