using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class LiveCatalogOnSqlite(SqliteFixture app) : LiveCatalogTests(app), IClassFixture<SqliteFixture>
{
    protected override bool HoursOld => false;
}
