using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

/// <summary>A copy of the catalog that may be an hour old.</summary>
public sealed class PostgresHourCatalogFixture : PostgresFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("ClientApi:CatalogMaxAge", "01:00:00")];
}
