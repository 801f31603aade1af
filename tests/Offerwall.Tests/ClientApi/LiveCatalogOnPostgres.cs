using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class LiveCatalogOnPostgres(PostgresFixture app) : LiveCatalogTests(app), IClassFixture<PostgresFixture>
{
    protected override bool HoursOld => false;
}
