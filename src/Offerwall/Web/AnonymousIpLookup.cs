using System.Net;
using MaxMind.Db;
using Microsoft.Extensions.Options;

namespace Offerwall.Web;

/// <summary>
/// What a MaxMind Anonymous IP database (<see cref="AnonymousIpOptions"/>, Vpn:AnonymousIpDatabase) says of an address: the flags set on
/// its record among those switched on, as short names (vpn, proxy, tor, hosting, residential_proxy). The file is watched and reloaded as
/// <see cref="MmdbFile"/> says. Lookups are thread-safe and never throw; with no database they find nothing.
/// </summary>
public sealed class AnonymousIpLookup(IOptions<AnonymousIpOptions> options, ILogger<AnonymousIpLookup> log, TimeProvider clock) : IDisposable
{
    private readonly AnonymousIpFlags _flags = options.Value.AnonymousIp;

    private readonly MmdbFile _file = new(options.Value.AnonymousIpDatabase, "Vpn:AnonymousIpDatabase", "Anonymous IP database", "anonymizer detection",
        options.Value.ReloadCheckInterval, log, clock);

    public bool Enabled => _file.Enabled;

    /// <summary>Whether no Vpn:AnonymousIpDatabase is configured (anonymizer detection is off by choice, not for a missing file).</summary>
    public bool Unconfigured => _file.Unconfigured;

    /// <summary>The switched-on flags set for the address, in a fixed order; empty when none (or no database, or no record).</summary>
    public IReadOnlyList<string> Detect(IPAddress? address)
    {
        if (_file.Find<AnonymousIpRecord>(address) is not { } r) return [];
        var found = new List<string>(2);
        if (_flags.AnonymousVpn && r.AnonymousVpn) found.Add("vpn");
        if (_flags.PublicProxy && r.PublicProxy) found.Add("proxy");
        if (_flags.TorExitNode && r.TorExitNode) found.Add("tor");
        if (_flags.HostingProvider && r.HostingProvider) found.Add("hosting");
        if (_flags.ResidentialProxy && r.ResidentialProxy) found.Add("residential_proxy");
        return found;
    }

    public void Dispose() => _file.Dispose();

    /// <summary>The flags of a GeoIP2 Anonymous IP record (absent: false); the reader skips the rest.</summary>
    internal sealed class AnonymousIpRecord
    {
        [Constructor]
        public AnonymousIpRecord([MapKey("is_anonymous_vpn")] bool anonymousVpn = false, [MapKey("is_public_proxy")] bool publicProxy = false,
            [MapKey("is_tor_exit_node")] bool torExitNode = false, [MapKey("is_hosting_provider")] bool hostingProvider = false,
            [MapKey("is_residential_proxy")] bool residentialProxy = false)
        {
            AnonymousVpn = anonymousVpn;
            PublicProxy = publicProxy;
            TorExitNode = torExitNode;
            HostingProvider = hostingProvider;
            ResidentialProxy = residentialProxy;
        }

        public bool AnonymousVpn { get; }
        public bool PublicProxy { get; }
        public bool TorExitNode { get; }
        public bool HostingProvider { get; }
        public bool ResidentialProxy { get; }
    }
}
