using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class ClientErrorsOnSqlite(SqliteFixture app) : ClientErrorsTests(app), IClassFixture<SqliteFixture>;
