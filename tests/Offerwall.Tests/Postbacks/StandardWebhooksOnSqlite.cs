namespace Offerwall.Tests.Postbacks;

public sealed class StandardWebhooksOnSqlite(SqlitePostbackFixture app) : StandardWebhooksTests(app), IClassFixture<SqlitePostbackFixture>;
