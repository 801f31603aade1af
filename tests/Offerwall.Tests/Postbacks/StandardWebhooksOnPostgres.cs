namespace Offerwall.Tests.Postbacks;

public sealed class StandardWebhooksOnPostgres(PostgresPostbackFixture app) : StandardWebhooksTests(app), IClassFixture<PostgresPostbackFixture>;
