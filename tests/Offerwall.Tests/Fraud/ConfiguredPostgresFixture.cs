using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Fraud;

/// <summary>Postgres, with <see cref="FraudSetup.Configured"/>: a rule set for everyone in the configuration.</summary>
public sealed class ConfiguredPostgresFixture : PostgresFixture
{
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => FraudSetup.Configured;
}
