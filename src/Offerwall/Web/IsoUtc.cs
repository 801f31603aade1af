using System.Globalization;

namespace Offerwall.Web;

/// <summary>The APIs' UTC times: ISO 8601 (RFC 3339) to the second, with Z, e.g. 2026-01-02T03:04:05Z.</summary>
public static class IsoUtc
{
    public const string Pattern = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>A UTC time (whatever its Kind says) written to the second.</summary>
    public static string Format(DateTime utc) => utc.ToString(Pattern, CultureInfo.InvariantCulture);
}
