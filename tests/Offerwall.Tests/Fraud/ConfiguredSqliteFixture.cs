using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Fraud;

/// <summary>Sqlite, with <see cref="FraudSetup.Configured"/>: a rule set for everyone in the configuration.</summary>
public sealed class ConfiguredSqliteFixture : SqliteFixture
{
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => FraudSetup.Configured;
}
