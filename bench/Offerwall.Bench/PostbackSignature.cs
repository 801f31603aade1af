using System.Security.Cryptography;
using System.Text;

namespace Offerwall.Bench;

/// <summary>
/// The advertiser signature recipe as published (src/Offerwall/Conversions/AdvertiserSignature.cs),
/// copied rather than referenced: the bench signs as an outside advertiser would.
/// </summary>
public static class PostbackSignature
{
    /// <summary>The query string with its signature: every parameter sorted by name (ordinal), RFC 3986-encoded, then the lowercase hex HMAC-SHA256.</summary>
    public static string SignedQuery(string secret, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var canonical = string.Join('&', parameters
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(canonical)));
        // The canonical string is itself a valid query string, so it is sent as is.
        return $"{canonical}&signature={signature}";
    }
}
