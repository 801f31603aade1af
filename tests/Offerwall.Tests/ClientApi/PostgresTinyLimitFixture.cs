using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class PostgresTinyLimitFixture : PostgresFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => TinyLimit.Settings;
}
