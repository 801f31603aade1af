namespace Offerwall.Tests.ClientApi;

public sealed class BitLabsTrustOnSqlite(SqliteBitLabsTrustFixture app) : BitLabsTrustTests(app), IClassFixture<SqliteBitLabsTrustFixture>;
