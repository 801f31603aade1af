using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>SQLite, with the approval job of <see cref="LongClock"/>.</summary>
public sealed class SqliteLongClockFixture : SqliteFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => LongClock.Settings;
}
