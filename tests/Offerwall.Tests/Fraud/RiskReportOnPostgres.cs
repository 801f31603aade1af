namespace Offerwall.Tests.Fraud;

public sealed class RiskReportOnPostgres(FraudPostgresFixture app) : RiskReportTests(app), IClassFixture<FraudPostgresFixture>;
