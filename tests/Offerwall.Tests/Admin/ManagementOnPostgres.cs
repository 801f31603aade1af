using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class ManagementOnPostgres(PostgresFixture app) : ManagementTests(app, app.ConnectionString), IClassFixture<PostgresFixture>;
