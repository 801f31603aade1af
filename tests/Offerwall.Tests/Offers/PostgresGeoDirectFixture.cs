using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>As <see cref="SqliteGeoDirectFixture"/>, on PostgreSQL.</summary>
public sealed class PostgresGeoDirectFixture : PostgresFixture
{
    private readonly string _database = GeoWorld.Write();
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => GeoWorld.Direct(_database);
    protected override async Task DropDatabaseAsync() { await base.DropDatabaseAsync(); File.Delete(_database); }
}
