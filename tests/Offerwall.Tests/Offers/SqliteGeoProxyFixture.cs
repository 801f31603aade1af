using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>Real Kestrel on 127.0.0.1 behind a trusted proxy (127.0.0.1), with the country database.</summary>
public sealed class SqliteGeoProxyFixture : SqliteFixture
{
    private readonly string _database = GeoWorld.Write();
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => GeoWorld.BehindProxy(_database);
    protected override async Task DropDatabaseAsync() { await base.DropDatabaseAsync(); File.Delete(_database); }
}
