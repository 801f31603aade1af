namespace Offerwall.Tests.Security;

public sealed class DemoAdminTokenOnSqlite(SqliteDemoFixture app) : DemoAdminTokenTests(app, app.Logs), IClassFixture<SqliteDemoFixture>;
