using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>Real Kestrel on 127.0.0.1, nothing else: concurrent postbacks over real sockets, to one node or two.</summary>
public sealed class SqliteKestrelFixture : SqliteFixture, ITwoNodes
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
