using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class CliSecretsOnPostgres(PostgresFixture app) : CliSecretsTests(app, app.ConnectionString), IClassFixture<PostgresFixture>;
