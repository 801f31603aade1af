using System.Net;
using Offerwall.Web;

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

    /// <summary>The Anonymous IP database (<see cref="AnonymousNetworks"/>); its residential-proxy flag is switched off in <see cref="Settings"/>.</summary>
    public string AnonymousDb => Path.Combine(_folder, "anonymous-ip.mmdb");
    public string Extra => Path.Combine(_folder, "extra.txt");

    public VpnLists()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Main, MainContent);
        var writer = new MmdbWriter("GeoIP2-Anonymous-IP") { IPVersion = 6 };
        foreach (var (network, flags) in AnonymousNetworks)
        {
            var record = new Dictionary<string, object> { ["is_anonymous"] = true };
            foreach (var flag in flags) record[flag] = true;
            writer.Add(IPNetwork.Parse(network), record);
        }
        writer.Write(AnonymousDb);
    }

    /// <summary>Networks of the Anonymous IP database and the flags set on each (is_anonymous is set on all).</summary>
    public static readonly (string Network, string[] Flags)[] AnonymousNetworks =
    [
        ("100.64.1.0/24", ["is_anonymous_vpn"]),
        ("100.64.2.0/24", ["is_public_proxy"]),
        ("100.64.3.0/24", ["is_tor_exit_node"]),
        ("100.64.4.0/24", ["is_hosting_provider"]),
        ("100.64.5.0/24", ["is_residential_proxy"]),
        ("100.64.6.0/24", []),
        ("100.64.7.0/24", ["is_anonymous_vpn", "is_hosting_provider"]),
        ("2001:db8:a0::/48", ["is_tor_exit_node"]),
        ("198.51.100.0/24", ["is_hosting_provider"]),
    ];

    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Vpn:ListFiles:0", Main),
        new("Vpn:ListFiles:1", Extra),
        new("Vpn:AnonymousIpDatabase", AnonymousDb),
        new("Vpn:AnonymousIp:ResidentialProxy", "false"),
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
