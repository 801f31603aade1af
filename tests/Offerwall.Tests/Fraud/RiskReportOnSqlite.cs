namespace Offerwall.Tests.Fraud;

public sealed class RiskReportOnSqlite(FraudSqliteFixture app) : RiskReportTests(app), IClassFixture<FraudSqliteFixture>;
