using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Hosting;

public sealed class HeartbeatOnSqlite(SqliteFixture app) : HeartbeatTests(app), IClassFixture<SqliteFixture>;
