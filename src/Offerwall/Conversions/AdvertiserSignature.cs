using System.Net;
using System.Security.Cryptography;
using System.Text;
using Offerwall.Web;

namespace Offerwall.Conversions;

/// <summary>
/// How advertisers sign conversion postbacks (published in docs/ledger.md): every query parameter
/// except <c>signature</c>, sorted by name (ordinal), each as <c>name=value</c> with RFC 3986
/// percent-encoding of the decoded name and value, joined by <c>&amp;</c>; the signature is the
/// lowercase hex HMAC-SHA256 of that string under the advertiser's secret.
/// </summary>
public static class AdvertiserSignature
{
    public const string Parameter = "signature";

    public static string Canonical(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .Where(p => p.Key != Parameter)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    public static string Sign(string secret, string canonical) => Hmac.Sha256Hex(secret, canonical);

    public static bool Verify(string secret, string canonical, string? signature) =>
        signature is { Length: 64 } &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, canonical)), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));

    /// <summary>True when <paramref name="address"/> is in the comma-separated IPs and CIDR ranges.</summary>
    public static bool IsAllowed(string allowList, IPAddress? address)
    {
        if (address is null || string.IsNullOrWhiteSpace(allowList)) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var item in allowList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Contains('/') ? IPNetwork.TryParse(item, out var network) && network.Contains(address)
                                   : IPAddress.TryParse(item, out var single) && single.Equals(address))
                return true;
        }
        return false;
    }
}
