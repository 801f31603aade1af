namespace Offerwall.Tests.Offers;

public sealed class CapConcurrencyOnPostgres(PostgresKestrelFixture app) : CapConcurrencyTests(app, app), IClassFixture<PostgresKestrelFixture>;
