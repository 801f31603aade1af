namespace Offerwall.Tests.ClientApi;

/// <summary>
/// The VPN list files of one fixture: <see cref="Main"/> exists from the start with
/// <see cref="MainContent"/>; <see cref="Extra"/> is configured but absent until a test writes it.
/// The server is set up as behind a proxy: it trusts one proxy (<see cref="Proxy"/>) and one proxy
/// network (<see cref="ProxyNetwork"/>), and apps reach it at <see cref="PublicBaseUrl"/>.
/// </summary>
public sealed class VpnLists
{
    public const string MainContent = """
        # Test list: documentation ranges standing in for VPN and hosting providers.
        198.51.100.0/24
        2001:db8:bad::/48   # an IPv6 provider
        203.0.113.7
        """;

    public const string Proxy = "10.0.0.5";
    public const string ProxyNetwork = "10.1.0.0/16";

    /// <summary>How apps reach the server behind that proxy.</summary>
    public const string PublicBaseUrl = "https://wall.example.com/";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"offerwall-vpn-{Guid.NewGuid():N}");
    public string Main => Path.Combine(_folder, "main.txt");
    public string Extra => Path.Combine(_folder, "extra.txt");

    public VpnLists()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Main, MainContent);
    }

    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Vpn:ListFiles:0", Main),
        new("Vpn:ListFiles:1", Extra),
        new("ForwardedHeaders:KnownProxies:0", Proxy),
        new("ForwardedHeaders:KnownNetworks:0", ProxyNetwork),
        new("Offerwall:PublicBaseUrl", PublicBaseUrl),
    ];

    /// <summary>Writes a list file with a modification time later than any before, as a deploy would.</summary>
    public static void Write(string path, string content)
    {
        var before = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        File.WriteAllText(path, content);
        var stamp = DateTime.UtcNow > before ? DateTime.UtcNow : before;
        File.SetLastWriteTimeUtc(path, stamp.AddSeconds(1));
    }

    public void Delete() => Directory.Delete(_folder, recursive: true);
}
