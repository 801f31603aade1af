using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

public sealed class SqliteNoProxyFixture : SqliteFixture
{
    public NoProxyServer NoProxy { get; } = new();
    public LogRecorder Logs => NoProxy.Logs;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => NoProxy.Settings;
    protected override void Configure(WebApplicationBuilder builder) => NoProxy.Configure(builder);

    protected override async Task DropDatabaseAsync()
    {
        await base.DropDatabaseAsync();
        NoProxy.Dispose();
    }
}
