using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Postbacks;

/// <summary>
/// A server for the shutdown tests: postbacks may go to the test's sink, a send may take 20 s, a stopping worker drains for 1 s; its own
/// worker is off (the tests start and stop workers of their own, as the host does on SIGTERM).
/// </summary>
public sealed class ShutdownSqliteFixture : SqliteFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => ShutdownSettings.Values;
}
