using System.Collections.Frozen;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Offerwall.Web;

/// <summary>
/// The unicast addresses of this machine's own network interfaces (all of them, up or down), which
/// the SSRF guard refuses: on a server with a public address, a postback URL naming that address
/// would reach services listening on this machine. Read again at most once a <see cref="RefreshEvery"/>,
/// so an address added later is refused within a minute. <paramref name="read"/> is the source:
/// <see cref="ReadInterfaces"/> in production, a fixed list in tests.
/// </summary>
public sealed class OwnAddresses(TimeProvider clock, Func<IEnumerable<IPAddress>> read)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    private sealed record Snapshot(DateTimeOffset ReadAt, FrozenSet<IPAddress> Addresses);

    private volatile Snapshot? _snapshot;

    public IReadOnlySet<IPAddress> Current
    {
        get
        {
            var now = clock.GetUtcNow();
            var snapshot = _snapshot;
            if (snapshot is not null && now >= snapshot.ReadAt && now - snapshot.ReadAt < RefreshEvery) return snapshot.Addresses;
            try
            {
                snapshot = new Snapshot(now, read().Select(Normalize).ToFrozenSet());
            }
            catch (Exception e) when (e is NetworkInformationException or SocketException or IOException or UnauthorizedAccessException)
            {
                // Keep using what was read before; with nothing read yet, refuse rather than guess.
                if (_snapshot is { } previous) return previous.Addresses;
                throw new HttpRequestException("Refused: this machine's own addresses could not be read.", e);
            }
            _snapshot = snapshot;
            return snapshot.Addresses;
        }
    }

    /// <summary>An address as the guard compares it: IPv4-mapped IPv6 as IPv4, without an IPv6 scope id.</summary>
    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
        : address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes())
        : address;

    public static IEnumerable<IPAddress> ReadInterfaces() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address);
}
