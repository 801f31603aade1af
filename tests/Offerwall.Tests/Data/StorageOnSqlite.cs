using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Data;

public sealed class StorageOnSqlite(SqliteFixture app) : StorageTests(app), IClassFixture<SqliteFixture>;
