using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Postbacks;

public class PostgresPostbackFixture : PostgresFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => PostbackSettings.Values;
}
