using Offerwall.Tests.Security;

namespace Offerwall.Tests.Conversions;

public sealed class MmpPostbackOnSqlite(SqliteNoProxyFixture app) : MmpPostbackTests(app, app.Logs), IClassFixture<SqliteNoProxyFixture>;
