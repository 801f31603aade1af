using System.Net;
using System.Net.Sockets;

namespace Offerwall.Web;

/// <summary>
/// The SSRF guard: postbacks go only to public addresses unless the operator allows private ones
/// (Postbacks:AllowPrivateNetworks). Checked on the addresses the host name resolves to at connect
/// time, so a name that later resolves to 127.0.0.1 (DNS rebinding) is refused too, and so is any
/// address of this machine's own interfaces (<see cref="OwnAddresses"/>).
/// </summary>
public static class NetworkGuard
{
    // IANA's special-purpose registries (IPv4 and IPv6): every range that is not a public unicast
    // destination, or that leads somewhere else than it says (the translation and tunnel prefixes
    // embed an IPv4 address: 64:ff9b::a9fe:a9fe is 169.254.169.254 through a NAT64 gateway).
    // The documentation and benchmarking ranges are refused too: no partner's server lives there, and
    // private networks do reuse them, so refusing them costs nothing and closes that door.
    private static readonly IPNetwork[] NonPublic =
    [
        // IPv4
        IPNetwork.Parse("0.0.0.0/8"),        // "this network"
        IPNetwork.Parse("10.0.0.0/8"),       // private
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local (cloud metadata at 169.254.169.254)
        IPNetwork.Parse("172.16.0.0/12"),    // private
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),     // documentation (TEST-NET-1)
        IPNetwork.Parse("192.88.99.0/24"),   // 6to4 relay anycast (deprecated): a relay forwards to 6to4 addresses
        IPNetwork.Parse("192.168.0.0/16"),   // private
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),  // documentation (TEST-NET-2)
        IPNetwork.Parse("203.0.113.0/24"),   // documentation (TEST-NET-3)
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, and broadcast
        // IPv6 (IPv4-mapped addresses, ::ffff:0:0/96, are checked as the IPv4 address they map)
        IPNetwork.Parse("::/96"),            // unspecified, loopback (::1) and IPv4-compatible (deprecated)
        IPNetwork.Parse("::ffff:0:0:0/96"),  // IPv4-translated (SIIT)
        IPNetwork.Parse("64:ff9b::/96"),     // NAT64, well-known prefix
        IPNetwork.Parse("64:ff9b:1::/48"),   // NAT64, local use
        IPNetwork.Parse("100::/64"),         // discard
        IPNetwork.Parse("2001::/23"),        // IETF protocol assignments: Teredo (2001::/32), benchmarking, ORCHID
        IPNetwork.Parse("2001:db8::/32"),    // documentation
        IPNetwork.Parse("2002::/16"),        // 6to4
        IPNetwork.Parse("3fff::/20"),        // documentation
        IPNetwork.Parse("5f00::/16"),        // SRv6 segment ids
        IPNetwork.Parse("fc00::/7"),         // unique local
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("fec0::/10"),        // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return !NonPublic.Any(n => n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address));
    }

    /// <summary>The addresses a postback may connect to: public ones that are not this machine's own.</summary>
    public static IPAddress[] Reachable(IEnumerable<IPAddress> addresses, IReadOnlySet<IPAddress> own) =>
        addresses.Where(a => IsPublic(a) && !own.Contains(OwnAddresses.Normalize(a))).ToArray();

    /// <summary>Why a partner's postback URL is refused, or null when it is acceptable (http(s); no literal private address).</summary>
    public static string? Refusal(string url, bool allowPrivate)
    {
        if (url.Length > 2048 || !Uri.TryCreate(url.Replace("{", "").Replace("}", ""), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "Postback URL must be an absolute http(s) URL.";
        if (allowPrivate) return null;
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return "Postback URL must not point at this machine.";
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) && !IsPublic(literal))
            return "Postback URL must not point at a private, loopback, link-local or reserved address.";
        return null;
    }

    /// <summary>
    /// The postback client's connect callback: connects only to addresses the guard allows, given
    /// whether private networks are allowed (read at each connection) and this machine's own addresses.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(Func<bool> allowPrivate, OwnAddresses own) =>
        (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivate(), own, ct);

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, OwnAddresses own, CancellationToken ct)
    {
        var host = endpoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = allowPrivate ? addresses : Reachable(addresses, own.Current);
        if (allowed.Length == 0)
            throw new HttpRequestException($"Refused: {host} resolves only to private, loopback, link-local, reserved or this machine's own addresses.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
