using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class CliOnSqlite(SqliteFixture app) : CliTests(app, app.ConnectionString), IClassFixture<SqliteFixture>;
