using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Pages;

/// <summary>A server whose VPN list holds the loopback addresses: every client API call from the browser answers 406.</summary>
public sealed class SqliteVpnPageFixture : SqliteFixture
{
    private readonly string _list = Path.Combine(Path.GetTempPath(), $"offerwall-vpn-pages-{Guid.NewGuid():N}.txt");

    public SqliteVpnPageFixture() => File.WriteAllText(_list, "# The test browser's own address, standing in for a VPN exit.\n127.0.0.1\n::1\n");

    protected override bool UseKestrel => true;
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Vpn:ListFiles:0", _list)];

    protected override async Task DropDatabaseAsync()
    {
        await base.DropDatabaseAsync();
        File.Delete(_list);
    }
}
