using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

public sealed class AdminLockoutFixture : SqliteFixture
{
    protected override void Configure(WebApplicationBuilder builder) => ClientAddressStartupFilter.Install(builder);
}
