namespace Offerwall.Tests.Postbacks;

public sealed class PostbackLeaseOnSqlite(SqliteManualWorkerFixture app) : PostbackLeaseTests(app), IClassFixture<SqliteManualWorkerFixture>;
