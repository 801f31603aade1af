namespace Offerwall.Tests.Fraud;

public sealed class DeviceIdsOnPostgres(FraudPostgresFixture app) : DeviceIdsTests(app), IClassFixture<FraudPostgresFixture>;
