using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class ManagementOnSqlite(SqliteFixture app) : ManagementTests(app, app.ConnectionString), IClassFixture<SqliteFixture>;
