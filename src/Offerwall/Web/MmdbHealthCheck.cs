using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Offerwall.Web;

/// <summary>
/// Readiness: a configured MaxMind DB file (<see cref="MmdbFile"/>: the country database, the Anonymous IP database) is loaded. A node whose
/// configured file is missing or unreadable serves without the feature (geo targeting, anonymizer detection), so it is not ready until a
/// readable file appears (the file is watched, and the check passes once it is loaded). None configured: healthy, and says the feature is off.
/// </summary>
public sealed class MmdbHealthCheck(string setting, string feature, Func<(bool Configured, bool Loaded)> state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (configured, loaded) = state();
        return Task.FromResult(
            loaded ? HealthCheckResult.Healthy($"Loaded ({setting}): {feature} is on.")
            : !configured ? HealthCheckResult.Healthy($"None configured ({setting}): {feature} is off.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"Configured ({setting}) but not loaded: the file is missing or unreadable, {feature} is off."));
    }
}
