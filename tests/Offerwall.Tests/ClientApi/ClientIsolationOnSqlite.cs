using Offerwall.Tests.Web;

namespace Offerwall.Tests.ClientApi;

public sealed class ClientIsolationOnSqlite(SqliteClientLimitsFixture app) : ClientIsolationTests(app), IClassFixture<SqliteClientLimitsFixture>;
