using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Postbacks;

public class SqlitePostbackFixture : SqliteFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => PostbackSettings.Values;
}
