using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

public sealed class SecurityPostgresFixture : PostgresFixture
{
    public LogRecorder Logs { get; } = new();
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => SecuritySettings.Values;
    protected override void Configure(WebApplicationBuilder builder) => Logs.Install(builder);
}
