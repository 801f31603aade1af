using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class SqliteTinyLimitFixture : SqliteFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => TinyLimit.Settings;
}
