using System.Security.Cryptography;
using System.Text;

namespace Offerwall.Partners;

/// <summary>Server API keys: random, shown once, stored only as a SHA-256 hash.</summary>
public static class PartnerKeys
{
    /// <summary>A new key: "ow_sk_" and 32 random bytes in URL-safe base64.</summary>
    public static string NewServerKey() => "ow_sk_" + RandomToken(32);

    public static string NewAppToken() => "ow_app_" + RandomToken(16);

    public static string NewSecret() => RandomToken(32);

    public static string RandomToken(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    // Keys are long and random, so a plain (unsalted) hash is as strong as the key and lets the
    // server find a partner by its key with one indexed lookup.
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string Hint(string key) => key.Length <= 10 ? key[..Math.Min(4, key.Length)] : key[..10];

    /// <summary>Constant-time check that <paramref name="key"/> hashes to <paramref name="storedHash"/>.</summary>
    public static bool Matches(string key, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));
}
