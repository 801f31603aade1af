using Microsoft.AspNetCore.Builder;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

public sealed class PostgresDemoFixture : PostgresFixture
{
    public LogRecorder Logs { get; } = new();
    protected override void Configure(WebApplicationBuilder builder) => DemoDefaults.Apply(builder, Logs);
}
