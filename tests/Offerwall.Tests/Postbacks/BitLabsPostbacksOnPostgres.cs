namespace Offerwall.Tests.Postbacks;

public sealed class BitLabsPostbacksOnPostgres(PostgresPostbackFixture app) : BitLabsPostbacksTests(app), IClassFixture<PostgresPostbackFixture>;
