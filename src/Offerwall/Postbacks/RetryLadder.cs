namespace Offerwall.Postbacks;

/// <summary>The retry schedule as a pure function.</summary>
public static class RetryLadder
{
    /// <summary>
    /// When to try again after failed attempt number <paramref name="failedSteps"/> (1 = the first
    /// attempt failed), or null when the ladder is exhausted and the delivery is dead.
    /// <paramref name="random"/> in [0, 1) places the jitter.
    /// </summary>
    public static DateTime? Next(IReadOnlyList<TimeSpan> ladder, int failedSteps, double jitter, double random, DateTime now)
    {
        if (failedSteps < 1 || failedSteps > ladder.Count) return null;
        var wait = ladder[failedSteps - 1];
        var factor = 1 + jitter * (2 * random - 1);
        return now + TimeSpan.FromTicks((long)(wait.Ticks * factor));
    }
}
