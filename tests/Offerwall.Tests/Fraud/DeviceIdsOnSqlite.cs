namespace Offerwall.Tests.Fraud;

public sealed class DeviceIdsOnSqlite(FraudSqliteFixture app) : DeviceIdsTests(app), IClassFixture<FraudSqliteFixture>;
