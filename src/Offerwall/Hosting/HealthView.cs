namespace Offerwall.Hosting;

/// <summary>GET /admin/health: the overall status (Healthy, Degraded or Unhealthy), how long the checks took, and each check.</summary>
public sealed record HealthView(string Status, double DurationMs, IReadOnlyList<HealthCheckView> Checks);

/// <summary>One readiness check: its name, status, what it found (never a connection string or a secret) and how long it took.</summary>
public sealed record HealthCheckView(string Name, string Status, string? Description, double DurationMs);
