namespace Offerwall.Tests.Fraud;

public sealed class OutcomeOnSqlite(FraudSqliteFixture app) : OutcomeTests(app), IClassFixture<FraudSqliteFixture>;
