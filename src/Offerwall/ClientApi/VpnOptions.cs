using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Offerwall.ClientApi;

/// <summary>Section "Vpn": CIDR list files of VPN, proxy and hosting ranges (one IP or CIDR per line, # comments).</summary>
public sealed class VpnOptions
{
    public List<string> ListFiles { get; set; } = [];

    /// <summary>How often the files' modification times are checked; a changed file is reloaded.</summary>
    public TimeSpan ReloadCheckInterval { get; set; } = TimeSpan.FromSeconds(10);
}
