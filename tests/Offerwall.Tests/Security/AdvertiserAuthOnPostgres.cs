namespace Offerwall.Tests.Security;

public sealed class AdvertiserAuthOnPostgres(PostgresNoProxyFixture app) : AdvertiserAuthTests(app, app.Logs), IClassFixture<PostgresNoProxyFixture>;
