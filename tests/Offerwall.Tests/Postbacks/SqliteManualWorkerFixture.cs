using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Postbacks;

/// <summary>A server whose postback worker does not run by itself: the test runs its rounds.</summary>
public class SqliteManualWorkerFixture : SqliteFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. PostbackSettings.Values, new("Postbacks:Enabled", "false")];
}
