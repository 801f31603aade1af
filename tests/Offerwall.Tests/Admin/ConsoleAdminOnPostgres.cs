using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class ConsoleAdminOnPostgres(PostgresFixture app) : ConsoleAdminTests(app), IClassFixture<PostgresFixture>;
