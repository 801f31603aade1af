namespace Offerwall.Tests.Pages;

public sealed class ConsolePageOnSqlite(SqlitePageFixture app, Chromium chromium) : ConsolePageTests(app, chromium), IClassFixture<SqlitePageFixture>, IClassFixture<Chromium>;
