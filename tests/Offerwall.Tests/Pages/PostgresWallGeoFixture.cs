using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.Pages;

/// <summary>As <see cref="SqliteWallGeoFixture"/>, on PostgreSQL.</summary>
public sealed class PostgresWallGeoFixture : PostgresFixture
{
    private readonly string _database = GeoWorld.Write();
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Geo:CountryDatabase", _database)];
    protected override async Task DropDatabaseAsync() { await base.DropDatabaseAsync(); File.Delete(_database); }
}
