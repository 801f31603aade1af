using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.ClientApi;

/// <summary>The test country database, and each request's address from <see cref="ClientAddressStartupFilter"/>; client_ip not trusted.</summary>
public sealed class SqliteBitLabsFixture : SqliteFixture
{
    private readonly string _database = GeoWorld.Write();
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Geo:CountryDatabase", _database)];
    protected override void Configure(WebApplicationBuilder builder) => ClientAddressStartupFilter.Install(builder);
    protected override async Task DropDatabaseAsync() { await base.DropDatabaseAsync(); File.Delete(_database); }
}
