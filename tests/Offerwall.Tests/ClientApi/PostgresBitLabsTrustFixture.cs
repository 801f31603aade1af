using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.ClientApi;

/// <summary>As <see cref="PostgresBitLabsFixture"/>, with the operator's ClientApi:TrustClientIp on.</summary>
public sealed class PostgresBitLabsTrustFixture : PostgresFixture
{
    private readonly string _database = GeoWorld.Write();
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Geo:CountryDatabase", _database), new("ClientApi:TrustClientIp", "true")];
    protected override void Configure(WebApplicationBuilder builder) => ClientAddressStartupFilter.Install(builder);
    protected override async Task DropDatabaseAsync() { await base.DropDatabaseAsync(); File.Delete(_database); }
}
