using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class CliMmpOnSqlite(SqliteFixture app) : CliMmpTests(app, app.ConnectionString), IClassFixture<SqliteFixture>;
