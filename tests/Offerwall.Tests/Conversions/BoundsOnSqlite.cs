using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Conversions;

public sealed class BoundsOnSqlite(SqliteFixture app) : BoundsTests(app), IClassFixture<SqliteFixture>;
