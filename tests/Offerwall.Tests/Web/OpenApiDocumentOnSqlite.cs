using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Web;

/// <summary>Nothing here depends on the engine: one is enough.</summary>
public sealed class OpenApiDocumentOnSqlite(SqliteFixture app) : OpenApiDocumentTests(app), IClassFixture<SqliteFixture>;
