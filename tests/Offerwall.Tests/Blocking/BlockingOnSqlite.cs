using Offerwall.Tests.Postbacks;

namespace Offerwall.Tests.Blocking;

public sealed class BlockingOnSqlite(SqliteManualWorkerFixture app) : BlockingTests(app, app.ConnectionString), IClassFixture<SqliteManualWorkerFixture>;
