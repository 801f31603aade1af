using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Postbacks;

namespace Offerwall.Tests.Operations;

/// <summary>As <see cref="TracingSqliteFixture"/>, on PostgreSQL.</summary>
public sealed class TracingPostgresFixture : PostgresFixture
{
    public PostbackSink Collector { get; } = PostbackSink.StartAsync().GetAwaiter().GetResult();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. PostbackSettings.Values, new("Postbacks:Enabled", "false"), new("Tracing:OtlpEndpoint", Collector.Url + "/v1/traces")];
}
