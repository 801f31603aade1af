namespace Offerwall.Tests.Fraud;

public sealed class FraudCommandsOnSqlite(FraudSqliteFixture app) : FraudCommandsTests(app, app.ConnectionString), IClassFixture<FraudSqliteFixture>;
