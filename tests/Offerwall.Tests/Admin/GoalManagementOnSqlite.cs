using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class GoalManagementOnSqlite(SqliteFixture app) : GoalManagementTests(app, app.ConnectionString), IClassFixture<SqliteFixture>;
