namespace Offerwall.Tests.Postbacks;

public sealed class BitLabsPostbacksOnSqlite(SqlitePostbackFixture app) : BitLabsPostbacksTests(app), IClassFixture<SqlitePostbackFixture>;
