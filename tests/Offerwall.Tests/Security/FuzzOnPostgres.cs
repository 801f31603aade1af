namespace Offerwall.Tests.Security;

public sealed class FuzzOnPostgres(FuzzPostgresFixture app) : FuzzTests(app, app.Logs), IClassFixture<FuzzPostgresFixture>;
