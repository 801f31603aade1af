using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class AdminValidationOnSqlite(SqliteFixture app) : AdminValidationTests(app), IClassFixture<SqliteFixture>;
