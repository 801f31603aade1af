using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Offerwall.Web;

/// <summary>A rate limit as configured: <see cref="PermitLimit"/> requests per <see cref="Window"/>, in fixed windows.</summary>
public sealed class RateLimit
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }

    public static RateLimit Of(int permitLimit, TimeSpan window) => new() { PermitLimit = permitLimit, Window = window };

    public bool IsValid => PermitLimit > 0 && Window > TimeSpan.Zero;

    /// <summary>The start-up check of an options section's limits: every one positive.</summary>
    public static bool AllValid(params RateLimit[] limits) => limits.All(l => l.IsValid);
}

/// <summary>
/// Requests counted per key (a client address, a partner, an app's user), a fixed window each, and
/// refused beyond the limit: one <see cref="PartitionedRateLimiter{TResource}"/>, a partition per key.
/// The framework drops a partition once its window is over and it has been idle for 10 s, so memory
/// follows the keys of the last window or so, never every key seen. Counted per server process.
/// </summary>
public sealed class KeyedLimiter<TKey> : IDisposable where TKey : notnull
{
    private readonly PartitionedRateLimiter<TKey> _limiter;

    public KeyedLimiter(RateLimit limit)
    {
        var options = new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 };
        _limiter = PartitionedRateLimiter.Create<TKey, TKey>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => options));
    }

    /// <summary>Counts one request of <paramref name="key"/>: null when it is admitted, else how long to wait (at most a window).</summary>
    public TimeSpan? Acquire(TKey key) => Refusal(_limiter.AttemptAcquire(key));

    /// <summary>As <see cref="Acquire"/>, but counts nothing: whether <paramref name="key"/> has a request left in this window.</summary>
    public TimeSpan? Peek(TKey key) => Refusal(_limiter.AttemptAcquire(key, 0));

    private static TimeSpan? Refusal(RateLimitLease lease)
    {
        using (lease)
            return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>What every API's rate limits share: the client's address as a key, Retry-After, and the 429 in the OpenAPI document.</summary>
public static class RateLimits
{
    /// <summary>
    /// The key of a client address: an IPv4 address itself (also when seen through an IPv6 socket), an
    /// IPv6 address by its /64 network, since one subscriber usually holds a whole /64 and could
    /// otherwise take a new address, and a new allowance, for every request. The address is the
    /// connection's, or the one a trusted proxy vouches for (ForwardedHeaders); none counts as one key.
    /// </summary>
    public static UInt128 AddressKey(IPAddress? address)
    {
        if (address is null) return UInt128.Zero;
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6)
        {
            address.MapToIPv6().TryWriteBytes(bytes, out _);
            return BinaryPrimitives.ReadUInt128BigEndian(bytes);
        }
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>Sets <c>Retry-After</c> to <paramref name="wait"/> in whole seconds, at least 1.</summary>
    public static void SetRetryAfter(HttpContext http, TimeSpan wait) =>
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Documents a 429 answer of <paramref name="body"/>'s shape on every endpoint of <paramref name="builder"/>.</summary>
    public static TBuilder ProducesTooManyRequests<TBuilder>(this TBuilder builder, Type body) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, body, ["application/json"]));

    /// <summary>OpenAPI: every 429 answer carries the Retry-After header.</summary>
    public static Task DescribeRetryAfter(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.Responses?.TryGetValue("429", out var response) == true && response is OpenApiResponse tooMany)
        {
            tooMany.Description = "Too many requests: a rate limit was reached. Retry after Retry-After seconds.";
            tooMany.Headers ??= new Dictionary<string, IOpenApiHeader>();
            tooMany.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before trying again (whole seconds, at most the limit's window).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }
        return Task.CompletedTask;
    }
}
