namespace Offerwall.Tests.Fraud;

public sealed class RuleLimitsOnSqlite(FraudSqliteFixture app) : RuleLimitsTests(app), IClassFixture<FraudSqliteFixture>;
