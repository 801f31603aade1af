namespace Offerwall.Tests.Security;

public sealed class SecurityOnPostgres(SecurityPostgresFixture app) : SecurityTests(app, app.Logs), IClassFixture<SecurityPostgresFixture>;
