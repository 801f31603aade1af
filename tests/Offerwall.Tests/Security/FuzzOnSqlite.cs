namespace Offerwall.Tests.Security;

public sealed class FuzzOnSqlite(FuzzSqliteFixture app) : FuzzTests(app, app.Logs), IClassFixture<FuzzSqliteFixture>;
