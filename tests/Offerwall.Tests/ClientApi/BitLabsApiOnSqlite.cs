namespace Offerwall.Tests.ClientApi;

public sealed class BitLabsApiOnSqlite(SqliteBitLabsFixture app) : BitLabsApiTests(app), IClassFixture<SqliteBitLabsFixture>;
