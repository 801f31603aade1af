using Offerwall.Tests.Postbacks;

namespace Offerwall.Tests.Blocking;

public sealed class BlockingOnPostgres(PostgresManualWorkerFixture app) : BlockingTests(app, app.ConnectionString), IClassFixture<PostgresManualWorkerFixture>;
