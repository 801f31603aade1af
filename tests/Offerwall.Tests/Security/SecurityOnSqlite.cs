namespace Offerwall.Tests.Security;

public sealed class SecurityOnSqlite(SecuritySqliteFixture app) : SecurityTests(app, app.Logs), IClassFixture<SecuritySqliteFixture>;
