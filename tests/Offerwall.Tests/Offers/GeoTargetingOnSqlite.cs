namespace Offerwall.Tests.Offers;

public sealed class GeoTargetingOnSqlite(SqliteGeoProxyFixture proxied, SqliteGeoDirectFixture direct, SqliteNoGeoFixture noGeo)
    : GeoTargetingTests(proxied, direct, noGeo), IClassFixture<SqliteGeoProxyFixture>, IClassFixture<SqliteGeoDirectFixture>, IClassFixture<SqliteNoGeoFixture>;
