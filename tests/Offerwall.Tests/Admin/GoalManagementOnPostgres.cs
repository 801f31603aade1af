using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class GoalManagementOnPostgres(PostgresFixture app) : GoalManagementTests(app, app.ConnectionString), IClassFixture<PostgresFixture>;
