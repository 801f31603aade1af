using System.Net;
using Offerwall.Web;

namespace Offerwall.Tests.Offers;

/// <summary>
/// The tests' country database, written by <see cref="MmdbWriter"/>: loopback (where every test request comes from) and a few
/// documentation ranges, IPv4 and IPv6, each in its own country; one record with only a registered_country.
/// </summary>
public static class GeoWorld
{
    /// <summary>127.0.0.0/8: the country of the test client itself.</summary>
    public const string Loopback = "DE";

    public const string FranceV4 = "198.51.100.7";
    public const string FranceV6 = "2001:db8:2::7";
    public const string BrazilV4 = "203.0.113.9";
    public const string JapanV6 = "2001:db8:1::5";

    /// <summary>A record with no country, only registered_country CA.</summary>
    public const string CanadaRegisteredV4 = "192.0.2.44";

    /// <summary>Addresses the database has no record for.</summary>
    public const string UnknownV4 = "100.64.0.1";
    public const string UnknownV6 = "2001:db8:ffff::1";

    public static string Write()
    {
        var path = Path.Combine(Path.GetTempPath(), $"offerwall-geo-{Guid.NewGuid():N}.mmdb");
        new MmdbWriter("Offerwall-Test-Country")
            .Add(IPNetwork.Parse("127.0.0.0/8"), MmdbWriter.CountryRecord(Loopback, Loopback))
            .Add(IPNetwork.Parse("198.51.100.0/24"), MmdbWriter.CountryRecord("FR", "FR"))
            .Add(IPNetwork.Parse("2001:db8:2::/48"), MmdbWriter.CountryRecord("FR", "FR"))
            .Add(IPNetwork.Parse("203.0.113.0/24"), MmdbWriter.CountryRecord("BR", "BR"))
            .Add(IPNetwork.Parse("2001:db8:1::/48"), MmdbWriter.CountryRecord("JP", "JP"))
            .Add(IPNetwork.Parse("192.0.2.0/24"), MmdbWriter.CountryRecord(null, "CA"))
            .Write(path);
        return path;
    }

    /// <summary>Postbacks may go to 127.0.0.1 (the test sink), with a short timeout.</summary>
    public static readonly KeyValuePair<string, string?>[] PostbackSettings =
    [
        new("Postbacks:AllowPrivateNetworks", "true"),
        new("Postbacks:Timeout", "00:00:02"),
        new("Postbacks:Lease", "00:00:30"),
    ];

    public static IEnumerable<KeyValuePair<string, string?>> BehindProxy(string database) =>
    [
        new("Geo:CountryDatabase", database),
        // The server trusts the proxy in front of it, here the test client's own address.
        new("ForwardedHeaders:KnownProxies:0", "127.0.0.1"),
    ];

    public static IEnumerable<KeyValuePair<string, string?>> Direct(string database) =>
        [new("Geo:CountryDatabase", database), .. PostbackSettings];

    /// <summary>No country database; the app's ?country= is believed.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> NoDatabase => [new("Geo:TrustCountryParameter", "true"), .. PostbackSettings];
}
