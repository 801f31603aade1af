using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>As <see cref="SqliteKestrelFixture"/>, on PostgreSQL.</summary>
public sealed class PostgresKestrelFixture : PostgresFixture, ITwoNodes
{
    private Task<SecondNode>? _second;
    protected override bool UseKestrel => true;
    public Task<SecondNode> SecondAsync() => _second ??= SecondNodeAsync();

    protected override async Task DropDatabaseAsync()
    {
        if (_second is not null) await (await _second).DisposeAsync();
        await base.DropDatabaseAsync();
    }
}
