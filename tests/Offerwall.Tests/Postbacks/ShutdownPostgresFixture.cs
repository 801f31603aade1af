using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Postbacks;

/// <summary>As <see cref="ShutdownSqliteFixture"/>, on PostgreSQL.</summary>
public sealed class ShutdownPostgresFixture : PostgresFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => ShutdownSettings.Values;
}
