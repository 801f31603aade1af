using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class CliMmpOnPostgres(PostgresFixture app) : CliMmpTests(app, app.ConnectionString), IClassFixture<PostgresFixture>;
