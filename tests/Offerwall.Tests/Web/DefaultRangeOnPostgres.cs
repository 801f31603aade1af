using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Web;

public sealed class DefaultRangeOnPostgres(PostgresFixture app) : DefaultRangeTests(app), IClassFixture<PostgresFixture>;
