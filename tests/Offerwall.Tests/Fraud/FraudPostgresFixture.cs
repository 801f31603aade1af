using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.Fraud;

/// <summary>Postgres, with <see cref="FraudSetup.Settings"/>; one second node on demand.</summary>
public sealed class FraudPostgresFixture : PostgresFixture, ITwoNodes
{
    private Task<SecondNode>? _second;
    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => FraudSetup.Settings;
    public Task<SecondNode> SecondAsync() => _second ??= SecondNodeAsync();

    protected override async Task DropDatabaseAsync()
    {
        if (_second is not null) await (await _second).DisposeAsync();
        await base.DropDatabaseAsync();
    }
}
