using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>As <see cref="SqliteNoGeoFixture"/>, on PostgreSQL.</summary>
public sealed class PostgresNoGeoFixture : PostgresFixture
{
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => GeoWorld.NoDatabase;
}
