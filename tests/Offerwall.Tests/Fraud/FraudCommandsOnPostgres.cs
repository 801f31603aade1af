namespace Offerwall.Tests.Fraud;

public sealed class FraudCommandsOnPostgres(FraudPostgresFixture app) : FraudCommandsTests(app, app.ConnectionString), IClassFixture<FraudPostgresFixture>;
