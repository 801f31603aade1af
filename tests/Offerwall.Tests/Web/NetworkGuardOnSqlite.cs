namespace Offerwall.Tests.Web;

public sealed class NetworkGuardOnSqlite(SqliteGuardedFixture app) : NetworkGuardTests(app), IClassFixture<SqliteGuardedFixture>;
