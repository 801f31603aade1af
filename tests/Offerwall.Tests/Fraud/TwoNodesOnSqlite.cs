namespace Offerwall.Tests.Fraud;

public sealed class TwoNodesOnSqlite(FraudSqliteFixture app) : TwoNodesTests(app, app), IClassFixture<FraudSqliteFixture>;
