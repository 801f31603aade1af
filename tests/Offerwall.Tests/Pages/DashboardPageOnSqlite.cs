namespace Offerwall.Tests.Pages;

public sealed class DashboardPageOnSqlite(SqlitePageFixture app, Chromium chromium) : DashboardPageTests(app, chromium), IClassFixture<SqlitePageFixture>, IClassFixture<Chromium>;
