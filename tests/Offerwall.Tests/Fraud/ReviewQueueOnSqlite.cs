namespace Offerwall.Tests.Fraud;

public sealed class ReviewQueueOnSqlite(FraudSqliteFixture app) : ReviewQueueTests(app), IClassFixture<FraudSqliteFixture>;
