using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class HourOldCatalogOnSqlite(SqliteHourCatalogFixture app) : LiveCatalogTests(app), IClassFixture<SqliteHourCatalogFixture>
{
    protected override bool HoursOld => true;
}
