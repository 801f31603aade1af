namespace Offerwall.Tests.Pages;

public sealed class WallGeoOnPostgres(PostgresWallGeoFixture app, Chromium chromium) : WallGeoTests(app, chromium), IClassFixture<PostgresWallGeoFixture>, IClassFixture<Chromium>;
