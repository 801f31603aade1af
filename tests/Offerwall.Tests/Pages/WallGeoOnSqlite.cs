namespace Offerwall.Tests.Pages;

public sealed class WallGeoOnSqlite(SqliteWallGeoFixture app, Chromium chromium) : WallGeoTests(app, chromium), IClassFixture<SqliteWallGeoFixture>, IClassFixture<Chromium>;
