namespace Offerwall.Tests.Web;

public sealed class NetworkGuardOnPostgres(PostgresGuardedFixture app) : NetworkGuardTests(app), IClassFixture<PostgresGuardedFixture>;
