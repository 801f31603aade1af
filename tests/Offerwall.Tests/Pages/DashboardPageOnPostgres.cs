namespace Offerwall.Tests.Pages;

public sealed class DashboardPageOnPostgres(PostgresPageFixture app, Chromium chromium)
    : DashboardPageTests(app, chromium), IClassFixture<PostgresPageFixture>, IClassFixture<Chromium>;
