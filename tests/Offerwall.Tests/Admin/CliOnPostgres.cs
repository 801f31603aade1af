using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class CliOnPostgres(PostgresFixture app) : CliTests(app, app.ConnectionString), IClassFixture<PostgresFixture>;
