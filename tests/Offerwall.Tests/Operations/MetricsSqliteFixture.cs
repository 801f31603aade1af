using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Postbacks;

namespace Offerwall.Tests.Operations;

/// <summary>A server on a real socket (Prometheus scrapes it), whose postbacks may go to the test's sink, its worker run by the test.</summary>
public sealed class MetricsSqliteFixture : SqliteFixture
{
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. PostbackSettings.Values, new("Postbacks:Enabled", "false")];
}
