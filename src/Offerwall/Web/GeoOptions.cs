namespace Offerwall.Web;

/// <summary>
/// Section "Geo". CountryDatabase: path of a MaxMind DB (.mmdb) country database (GeoLite2/GeoIP2 Country,
/// DB-IP Lite Country, ip-location-db's country files); null or empty turns geo targeting off. The file is read
/// again when it changes, checked every ReloadCheckInterval (<see cref="CountryLookup"/>).
/// </summary>
public sealed class GeoOptions
{
    public string? CountryDatabase { get; set; }

    /// <summary>
    /// Whether the client API believes a <c>country</c> the app sends over the address's (off by default: a user could pick any
    /// country). Only for apps whose servers vouch for their users' countries themselves.
    /// </summary>
    public bool TrustCountryParameter { get; set; }

    /// <summary>How often the file's modification time and length are checked; a changed file is read again.</summary>
    public TimeSpan ReloadCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
