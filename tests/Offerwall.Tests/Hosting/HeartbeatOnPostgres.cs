using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Hosting;

public sealed class HeartbeatOnPostgres(PostgresFixture app) : HeartbeatTests(app), IClassFixture<PostgresFixture>;
