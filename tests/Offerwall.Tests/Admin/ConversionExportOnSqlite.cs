using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class ConversionExportOnSqlite(SqliteFixture app) : ConversionExportTests(app), IClassFixture<SqliteFixture>;
