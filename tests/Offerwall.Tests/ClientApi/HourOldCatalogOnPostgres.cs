using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class HourOldCatalogOnPostgres(PostgresHourCatalogFixture app) : LiveCatalogTests(app), IClassFixture<PostgresHourCatalogFixture>
{
    protected override bool HoursOld => true;
}
