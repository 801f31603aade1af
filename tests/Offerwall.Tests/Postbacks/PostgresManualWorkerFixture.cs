using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Postbacks;

public class PostgresManualWorkerFixture : PostgresFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. PostbackSettings.Values, new("Postbacks:Enabled", "false")];
}
