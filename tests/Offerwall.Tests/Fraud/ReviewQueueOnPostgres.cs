namespace Offerwall.Tests.Fraud;

public sealed class ReviewQueueOnPostgres(FraudPostgresFixture app) : ReviewQueueTests(app), IClassFixture<FraudPostgresFixture>;
