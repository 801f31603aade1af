namespace Offerwall.Tests.Security;

public sealed class AdvertiserAuthOnSqlite(SqliteNoProxyFixture app) : AdvertiserAuthTests(app, app.Logs), IClassFixture<SqliteNoProxyFixture>;
