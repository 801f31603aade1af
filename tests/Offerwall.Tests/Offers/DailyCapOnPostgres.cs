namespace Offerwall.Tests.Offers;

public sealed class DailyCapOnPostgres(PostgresLongClockFixture app) : DailyCapTests(app), IClassFixture<PostgresLongClockFixture>;
