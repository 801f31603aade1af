using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Web;

public abstract class PostgresLimitsFixture(KeyValuePair<string, string?>[] settings) : PostgresFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => settings;
    protected override void Configure(WebApplicationBuilder builder) => ClientAddressStartupFilter.Install(builder);
}
