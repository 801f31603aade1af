using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Web;

public class SqliteGuardedFixture : SqliteFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => GuardedServer.Settings;
    protected override void Configure(WebApplicationBuilder builder) => GuardedServer.Configure(builder, this);
}
