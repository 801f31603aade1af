namespace Offerwall.Tests.Postbacks;

/// <summary>The shutdown tests' server settings (<see cref="ShutdownSqliteFixture"/>).</summary>
public static class ShutdownSettings
{
    public static readonly KeyValuePair<string, string?>[] Values =
    [
        new("Postbacks:AllowPrivateNetworks", "true"),
        new("Postbacks:Timeout", "00:00:20"),
        new("Postbacks:Lease", "00:01:00"),
        new("Postbacks:DrainTimeout", "00:00:01"),
        new("Postbacks:Enabled", "false"),
    ];
}
