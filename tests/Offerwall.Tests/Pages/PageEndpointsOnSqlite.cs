using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Pages;

public sealed class PageEndpointsOnSqlite(SqliteFixture app) : PageEndpointsTests(app), IClassFixture<SqliteFixture>;
