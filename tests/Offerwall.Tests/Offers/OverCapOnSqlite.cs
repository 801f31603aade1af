namespace Offerwall.Tests.Offers;

public sealed class OverCapOnSqlite(SqliteLongClockFixture app) : OverCapTests(app), IClassFixture<SqliteLongClockFixture>;
