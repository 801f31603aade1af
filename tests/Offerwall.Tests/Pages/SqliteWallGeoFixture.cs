using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.Pages;

/// <summary>Real Kestrel on 127.0.0.1 with the test country database, in which the browser's own address, 127.0.0.1, is in <see cref="GeoWorld.Loopback"/>.</summary>
public sealed class SqliteWallGeoFixture : SqliteFixture
{
    private readonly string _database = GeoWorld.Write();
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Geo:CountryDatabase", _database)];
    protected override async Task DropDatabaseAsync() { await base.DropDatabaseAsync(); File.Delete(_database); }
}
