namespace Offerwall.Tests.ClientApi;

public sealed class AnonymizerOnPostgres(PostgresVpnFixture app) : AnonymizerTests(app, app.Lists), IClassFixture<PostgresVpnFixture>;
