namespace Offerwall.Tests.Operations;

public sealed class MetricsOnSqlite(MetricsSqliteFixture app) : MetricsTests(app), IClassFixture<MetricsSqliteFixture>;
