using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Conversions;

public sealed class LedgerFlowOnSqlite(SqliteFixture app) : LedgerFlowTests(app), IClassFixture<SqliteFixture>;
