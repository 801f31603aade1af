namespace Offerwall.Tests.Security;

public sealed class DefaultProxyTrustOnSqlite(SqliteNoProxyFixture app) : DefaultProxyTrustTests(app), IClassFixture<SqliteNoProxyFixture>;
