namespace Offerwall.Web;

/// <summary>Which flags of an Anonymous IP database record make an address an anonymizer (each true by default).</summary>
public sealed class AnonymousIpFlags
{
    /// <summary>is_anonymous_vpn: a VPN provider's address.</summary>
    public bool AnonymousVpn { get; set; } = true;

    /// <summary>is_public_proxy: an open proxy.</summary>
    public bool PublicProxy { get; set; } = true;

    /// <summary>is_tor_exit_node: a Tor exit node.</summary>
    public bool TorExitNode { get; set; } = true;

    /// <summary>is_hosting_provider: a hosting or cloud provider (servers, not people's devices).</summary>
    public bool HostingProvider { get; set; } = true;

    /// <summary>is_residential_proxy: a residential proxy network's address.</summary>
    public bool ResidentialProxy { get; set; } = true;
}
