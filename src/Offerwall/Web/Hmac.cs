using System.Security.Cryptography;
using System.Text;

namespace Offerwall.Web;

/// <summary>
/// HMAC-SHA256 keyed with the UTF-8 bytes of a secret, over the UTF-8 bytes of a text: what signs the
/// advertisers' postbacks to us and our postbacks to partners (each format says how it is written out).
/// </summary>
public static class Hmac
{
    public static byte[] Sha256(string secret, string text) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text));

    /// <summary>Lowercase hex, as the advertiser postback and GET postbacks carry it.</summary>
    public static string Sha256Hex(string secret, string text) => Convert.ToHexStringLower(Sha256(secret, text));

    /// <summary>Lowercase hex HMAC-SHA1, as BitLabs signs its callbacks (<c>hash</c>) and our <c>bitlabs</c> postback format copies.</summary>
    public static string Sha1Hex(string secret, string text) =>
        Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));

    /// <summary>Base64, as Standard Webhooks carry it.</summary>
    public static string Sha256Base64(string secret, string text) => Convert.ToBase64String(Sha256(secret, text));
}
