namespace Offerwall.Tests.Operations;

public sealed class TracingOnPostgres(TracingPostgresFixture app) : TracingTests(app, app.Collector), IClassFixture<TracingPostgresFixture>;
