namespace Offerwall.Tests.Fraud;

public sealed class TwoNodesOnPostgres(FraudPostgresFixture app) : TwoNodesTests(app, app), IClassFixture<FraudPostgresFixture>;
