using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Hosting;

/// <summary>A server with a country database and an Anonymous IP database configured and loaded.</summary>
public sealed class PostgresHealthFixture : PostgresFixture
{
    public HealthFiles Files { get; } = new();
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => Files.Settings;

    protected override async Task DropDatabaseAsync()
    {
        await base.DropDatabaseAsync();
        Files.Delete();
    }
}
