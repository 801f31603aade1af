namespace Offerwall.Tests.Offers;

public sealed class CapConcurrencyOnSqlite(SqliteKestrelFixture app) : CapConcurrencyTests(app, app), IClassFixture<SqliteKestrelFixture>;
