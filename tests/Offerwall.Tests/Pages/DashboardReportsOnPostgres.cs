namespace Offerwall.Tests.Pages;

public sealed class DashboardReportsOnPostgres(PostgresPageFixture app, Chromium chromium)
    : DashboardReportsTests(app, chromium), IClassFixture<PostgresPageFixture>, IClassFixture<Chromium>;
