namespace Offerwall.Tests.Offers;

public sealed class OverCapOnPostgres(PostgresLongClockFixture app) : OverCapTests(app), IClassFixture<PostgresLongClockFixture>;
