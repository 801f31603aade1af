using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class ConsoleAdminOnSqlite(SqliteFixture app) : ConsoleAdminTests(app), IClassFixture<SqliteFixture>;
