namespace Offerwall.Tests.Security;

public sealed class DemoAdminTokenOnPostgres(PostgresDemoFixture app) : DemoAdminTokenTests(app, app.Logs), IClassFixture<PostgresDemoFixture>;
