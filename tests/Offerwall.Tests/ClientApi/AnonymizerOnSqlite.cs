namespace Offerwall.Tests.ClientApi;

public sealed class AnonymizerOnSqlite(SqliteVpnFixture app) : AnonymizerTests(app, app.Lists), IClassFixture<SqliteVpnFixture>;
