namespace Offerwall.Tests.Postbacks;

public sealed class PostbackLeaseOnPostgres(PostgresManualWorkerFixture app) : PostbackLeaseTests(app), IClassFixture<PostgresManualWorkerFixture>;
