namespace Offerwall.Tests.Pages;

public sealed class DashboardReportsOnSqlite(SqlitePageFixture app, Chromium chromium)
    : DashboardReportsTests(app, chromium), IClassFixture<SqlitePageFixture>, IClassFixture<Chromium>;
