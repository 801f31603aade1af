using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Data;

public sealed class DemoDataOnSqlite : DemoDataTests<SqliteFixture>;
