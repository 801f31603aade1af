using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Postbacks;

namespace Offerwall.Tests.Operations;

/// <summary>
/// A server exporting its traces over OTLP (http/protobuf) to <see cref="Collector"/>, a local sink started before it, which also takes
/// the partners' postbacks; its postback worker is run by the test.
/// </summary>
public sealed class TracingSqliteFixture : SqliteFixture
{
    public PostbackSink Collector { get; } = PostbackSink.StartAsync().GetAwaiter().GetResult();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. PostbackSettings.Values, new("Postbacks:Enabled", "false"), new("Tracing:OtlpEndpoint", Collector.Url + "/v1/traces")];
}
