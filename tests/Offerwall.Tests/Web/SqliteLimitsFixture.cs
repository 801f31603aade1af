using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Web;

public abstract class SqliteLimitsFixture(KeyValuePair<string, string?>[] settings) : SqliteFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => settings;
    protected override void Configure(WebApplicationBuilder builder) => ClientAddressStartupFilter.Install(builder);
}
