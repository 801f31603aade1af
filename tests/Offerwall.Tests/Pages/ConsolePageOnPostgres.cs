namespace Offerwall.Tests.Pages;

public sealed class ConsolePageOnPostgres(PostgresPageFixture app, Chromium chromium)
    : ConsolePageTests(app, chromium), IClassFixture<PostgresPageFixture>, IClassFixture<Chromium>;
