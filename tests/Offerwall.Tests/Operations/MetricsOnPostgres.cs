namespace Offerwall.Tests.Operations;

public sealed class MetricsOnPostgres(MetricsPostgresFixture app) : MetricsTests(app), IClassFixture<MetricsPostgresFixture>;
