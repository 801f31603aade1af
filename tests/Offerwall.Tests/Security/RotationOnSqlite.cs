using Offerwall.Tests.Postbacks;

namespace Offerwall.Tests.Security;

public sealed class RotationOnSqlite(SqlitePostbackFixture app) : RotationTests(app), IClassFixture<SqlitePostbackFixture>;
