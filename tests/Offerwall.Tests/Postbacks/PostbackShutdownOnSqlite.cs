namespace Offerwall.Tests.Postbacks;

public sealed class PostbackShutdownOnSqlite(ShutdownSqliteFixture app) : PostbackShutdownTests(app), IClassFixture<ShutdownSqliteFixture>;
