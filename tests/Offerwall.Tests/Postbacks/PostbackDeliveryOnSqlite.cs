namespace Offerwall.Tests.Postbacks;

public sealed class PostbackDeliveryOnSqlite(SqlitePostbackFixture app) : PostbackDeliveryTests(app), IClassFixture<SqlitePostbackFixture>;
