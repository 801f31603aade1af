namespace Offerwall.Tests.Postbacks;

public sealed class PostbackShutdownOnPostgres(ShutdownPostgresFixture app) : PostbackShutdownTests(app), IClassFixture<ShutdownPostgresFixture>;
