using System.Net;
using Offerwall.Web;

namespace Offerwall.Tests.Hosting;

/// <summary>A country database and an Anonymous IP database (.mmdb, Web/MmdbWriter.cs) in a folder of their own, as a server's settings.</summary>
public sealed class HealthFiles
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"offerwall-health-{Guid.NewGuid():N}");
    public string Country => Path.Combine(_folder, "country.mmdb");
    public string Anonymous => Path.Combine(_folder, "anonymous-ip.mmdb");

    public HealthFiles()
    {
        Directory.CreateDirectory(_folder);
        WriteCountry(Country);
        new MmdbWriter("GeoIP2-Anonymous-IP").Add(IPNetwork.Parse("100.64.1.0/24"), new Dictionary<string, object> { ["is_anonymous_vpn"] = true })
            .Write(Anonymous);
    }

    public static void WriteCountry(string path) =>
        new MmdbWriter("Offerwall-Test-Country").Add(IPNetwork.Parse("81.2.69.0/24"), MmdbWriter.CountryRecord("GB")).Write(path);

    public IEnumerable<KeyValuePair<string, string?>> Settings => [new("Geo:CountryDatabase", Country), new("Vpn:AnonymousIpDatabase", Anonymous)];

    /// <summary>A path in this folder where no file is (yet).</summary>
    public string Missing(string name) => Path.Combine(_folder, name);

    public void Delete() => Directory.Delete(_folder, recursive: true);
}
