using System.Net;
using System.Net.Sockets;

namespace Offerwall.Postbacks;

/// <summary>
/// The SSRF guard: postbacks go only to public addresses unless the operator allows private ones
/// (Postbacks:AllowPrivateNetworks). Checked on the addresses the host name resolves to at connect
/// time, so a name that later resolves to 127.0.0.1 (DNS rebinding) is refused too.
/// </summary>
public static class NetworkGuard
{
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return !NonPublic.Any(n => n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address));
    }

    /// <summary>Why a partner's postback URL is refused, or null when it is acceptable (http(s); no literal private address).</summary>
    public static string? Refusal(string url, bool allowPrivate)
    {
        if (url.Length > 2048 || !Uri.TryCreate(url.Replace("{", "").Replace("}", ""), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "Postback URL must be an absolute http(s) URL.";
        if (allowPrivate) return null;
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return "Postback URL must not point at this machine.";
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) && !IsPublic(literal))
            return "Postback URL must not point at a private, loopback or link-local address.";
        return null;
    }

    /// <summary>Connects only to addresses the guard allows.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(Func<bool> allowPrivate) => async (context, ct) =>
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = allowPrivate() ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException($"Refused: {host} resolves only to private, loopback or link-local addresses.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };
}
