using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Web;

public sealed class DefaultRangeOnSqlite(SqliteFixture app) : DefaultRangeTests(app), IClassFixture<SqliteFixture>;
