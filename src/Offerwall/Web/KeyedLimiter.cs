using System.Threading.RateLimiting;

namespace Offerwall.Web;

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
