using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Postbacks;

namespace Offerwall.Tests.Operations;

/// <summary>As <see cref="MetricsSqliteFixture"/>, on PostgreSQL.</summary>
public sealed class MetricsPostgresFixture : PostgresFixture
{
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. PostbackSettings.Values, new("Postbacks:Enabled", "false")];
}
