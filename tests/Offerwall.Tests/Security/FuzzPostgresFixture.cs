using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

public sealed class FuzzPostgresFixture : PostgresFixture
{
    public LogRecorder Logs { get; } = new();
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => FuzzServer.Settings;
    protected override void Configure(WebApplicationBuilder builder) => FuzzServer.Configure(builder, Logs);
}
