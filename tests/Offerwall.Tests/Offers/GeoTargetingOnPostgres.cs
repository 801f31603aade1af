namespace Offerwall.Tests.Offers;

public sealed class GeoTargetingOnPostgres(PostgresGeoProxyFixture proxied, PostgresGeoDirectFixture direct, PostgresNoGeoFixture noGeo)
    : GeoTargetingTests(proxied, direct, noGeo), IClassFixture<PostgresGeoProxyFixture>, IClassFixture<PostgresGeoDirectFixture>, IClassFixture<PostgresNoGeoFixture>;
