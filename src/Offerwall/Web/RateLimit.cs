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
