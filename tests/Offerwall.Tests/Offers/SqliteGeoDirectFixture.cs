using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>Real Kestrel on 127.0.0.1 trusting no proxy, with the country database; postbacks may go to 127.0.0.1.</summary>
public sealed class SqliteGeoDirectFixture : SqliteFixture
{
    private readonly string _database = GeoWorld.Write();
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => GeoWorld.Direct(_database);
    protected override async Task DropDatabaseAsync() { await base.DropDatabaseAsync(); File.Delete(_database); }
}
