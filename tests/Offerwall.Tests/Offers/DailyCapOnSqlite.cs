namespace Offerwall.Tests.Offers;

public sealed class DailyCapOnSqlite(SqliteLongClockFixture app) : DailyCapTests(app), IClassFixture<SqliteLongClockFixture>;
