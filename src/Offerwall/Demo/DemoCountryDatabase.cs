using System.Net;
using Offerwall.Web;

namespace Offerwall.Demo;

/// <summary>
/// The demo's country database, generated (Web/MmdbWriter.cs), so a fresh clone's demo targets by country with no download. It is
/// our own data, no third party's: this machine (127.0.0.0/8, ::1) is in the United States, and the documentation ranges
/// (RFC 5737, RFC 3849), which no real user has, are in other countries, for trying targeting through a trusted proxy. It is used
/// only when no Geo:CountryDatabase is configured and the database holds only demo data; production points Geo:CountryDatabase at
/// GeoLite2, GeoIP2 or DB-IP Lite Country (docs/targeting.md).
/// </summary>
public static class DemoCountryDatabase
{
    public const string FileName = "offerwall-demo-country.mmdb";

    /// <summary>Which addresses are where, as the banner and README tell it.</summary>
    public static readonly IReadOnlyList<(string Network, string Country)> Networks =
    [
        ("127.0.0.0/8", "US"), ("::1/128", "US"),
        ("192.0.2.0/24", "DE"), ("198.51.100.0/24", "GB"), ("203.0.113.0/24", "BR"),
        ("2001:db8::/32", "FR"),
    ];

    /// <summary>Writes the database next to the SQLite file (the working folder) and returns its path.</summary>
    public static string Write(string folder)
    {
        var writer = new MmdbWriter("Offerwall-Demo-Country")
        {
            Description = new Dictionary<string, string> { ["en"] = "Offerwall demo country database (generated)" },
        };
        foreach (var (network, country) in Networks) writer.Add(IPNetwork.Parse(network), MmdbWriter.CountryRecord(country));
        var path = Path.Combine(folder, FileName);
        writer.Write(path);
        return path;
    }
}
