namespace Offerwall.Tests.Pages;

public sealed class WallPageOnPostgres(PostgresPageFixture app, Chromium chromium) : WallPageTests(app, chromium), IClassFixture<PostgresPageFixture>, IClassFixture<Chromium>;
