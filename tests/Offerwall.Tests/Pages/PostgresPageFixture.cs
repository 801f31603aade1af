using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Pages;

public class PostgresPageFixture : PostgresFixture
{
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => PageServer.Settings;
    protected override void Configure(WebApplicationBuilder builder) => PageServer.WithDemoData(builder);
}
