using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class PostgresVpnFixture : PostgresFixture
{
    public VpnLists Lists { get; } = new();
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => Lists.Settings;
    protected override void Configure(WebApplicationBuilder builder) => ClientAddressStartupFilter.Install(builder);

    protected override async Task DropDatabaseAsync()
    {
        await base.DropDatabaseAsync();
        Lists.Delete();
    }
}
