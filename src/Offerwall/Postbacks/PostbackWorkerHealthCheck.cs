using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Offerwall.Postbacks;

/// <summary>
/// Readiness: the postback worker of this process is going round its loop (<see cref="PostbackHeartbeat"/>). Healthy, and says so,
/// when Postbacks:Enabled is false on this node (another node sends).
/// </summary>
public sealed class PostbackWorkerHealthCheck(PostbackHeartbeat heartbeat, IOptions<PostbackOptions> options, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        if (!o.Enabled) return Task.FromResult(HealthCheckResult.Healthy("The postback worker is off on this node (Postbacks:Enabled=false)."));
        var limit = PostbackHeartbeat.StaleAfter(o);
        if (heartbeat.Last is not { } last)
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "The postback worker has not started."));
        var age = clock.GetUtcNow() - last;
        return Task.FromResult(age > limit
            ? new HealthCheckResult(context.Registration.FailureStatus,
                $"No heartbeat from the postback worker for {Seconds(age)} (limit {Seconds(limit)}): its loop is stuck or has stopped.")
            : HealthCheckResult.Healthy($"The postback worker's last heartbeat was {Seconds(age)} ago."));
    }

    private static string Seconds(TimeSpan t) => $"{Math.Max(0, t.TotalSeconds):0.#} s";
}
