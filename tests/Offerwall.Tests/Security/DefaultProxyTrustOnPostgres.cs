namespace Offerwall.Tests.Security;

public sealed class DefaultProxyTrustOnPostgres(PostgresNoProxyFixture app) : DefaultProxyTrustTests(app), IClassFixture<PostgresNoProxyFixture>;
