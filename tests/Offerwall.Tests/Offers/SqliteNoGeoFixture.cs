using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>Real Kestrel on 127.0.0.1 without a country database, believing the app's ?country=.</summary>
public sealed class SqliteNoGeoFixture : SqliteFixture
{
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => GeoWorld.NoDatabase;
}
