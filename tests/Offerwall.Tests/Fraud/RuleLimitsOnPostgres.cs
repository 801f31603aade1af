namespace Offerwall.Tests.Fraud;

public sealed class RuleLimitsOnPostgres(FraudPostgresFixture app) : RuleLimitsTests(app), IClassFixture<FraudPostgresFixture>;
