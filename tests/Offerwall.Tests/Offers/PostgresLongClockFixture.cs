using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>PostgreSQL, with the approval job of <see cref="LongClock"/>.</summary>
public sealed class PostgresLongClockFixture : PostgresFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => LongClock.Settings;
}
