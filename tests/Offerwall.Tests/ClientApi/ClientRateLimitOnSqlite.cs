namespace Offerwall.Tests.ClientApi;

public sealed class ClientRateLimitOnSqlite(SqliteTinyLimitFixture app) : ClientRateLimitTests(app), IClassFixture<SqliteTinyLimitFixture>;
