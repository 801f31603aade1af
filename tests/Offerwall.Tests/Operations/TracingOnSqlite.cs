namespace Offerwall.Tests.Operations;

public sealed class TracingOnSqlite(TracingSqliteFixture app) : TracingTests(app, app.Collector), IClassFixture<TracingSqliteFixture>;
