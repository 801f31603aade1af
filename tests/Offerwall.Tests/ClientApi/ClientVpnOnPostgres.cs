namespace Offerwall.Tests.ClientApi;

public sealed class ClientVpnOnPostgres(PostgresVpnFixture app) : ClientVpnTests(app, app.Lists), IClassFixture<PostgresVpnFixture>;
