namespace Offerwall.Tests.ClientApi;

public sealed class ClientVpnOnSqlite(SqliteVpnFixture app) : ClientVpnTests(app, app.Lists), IClassFixture<SqliteVpnFixture>;
