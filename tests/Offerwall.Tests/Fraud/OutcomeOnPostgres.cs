namespace Offerwall.Tests.Fraud;

public sealed class OutcomeOnPostgres(FraudPostgresFixture app) : OutcomeTests(app), IClassFixture<FraudPostgresFixture>;
