using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class CliSecretsOnSqlite(SqliteFixture app) : CliSecretsTests(app, app.ConnectionString), IClassFixture<SqliteFixture>;
