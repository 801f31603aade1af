namespace Offerwall.Postbacks;

/// <summary>
/// When this process's postback worker last went round its loop (<see cref="PostbackWorker"/> beats at the top of each round, at least
/// every PollInterval while it runs). /health/ready reads it (<see cref="PostbackWorkerHealthCheck"/>): a worker that stopped beating is
/// stuck (a claim or a record that never returns) or gone, and its node is not ready.
/// </summary>
public sealed class PostbackHeartbeat
{
    private long _lastTicks;

    /// <summary>The clock's time of the last beat; null before the first.</summary>
    public DateTimeOffset? Last => Interlocked.Read(ref _lastTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void Beat(DateTimeOffset now) => Interlocked.Exchange(ref _lastTicks, now.UtcTicks);

    /// <summary>How long without a beat means stuck: three polls, and never less than a minute (a slow claim under load is not a stuck one).</summary>
    public static TimeSpan StaleAfter(PostbackOptions options) =>
        TimeSpan.FromTicks(Math.Max(3 * options.PollInterval.Ticks, TimeSpan.FromMinutes(1).Ticks));
}
