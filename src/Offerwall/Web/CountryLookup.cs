using System.Net;
using MaxMind.Db;
using Microsoft.Extensions.Options;

namespace Offerwall.Web;

/// <summary>
/// A user's country from the client's IP address, read from a MaxMind DB country database (<see cref="GeoOptions"/>):
/// GeoLite2/GeoIP2 Country and DB-IP's, whose records hold country.iso_code and registered_country.iso_code, and
/// ip-location-db's, whose records hold country_code. The file is watched and reloaded as <see cref="MmdbFile"/> says; a
/// configured file that is missing or unreadable at start leaves geo targeting off until a readable one appears.
/// Lookups are thread-safe and never throw.
/// </summary>
public sealed class CountryLookup(IOptions<GeoOptions> options, ILogger<CountryLookup> log, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan RetryUnreadableEvery = MmdbFile.RetryUnreadableEvery;

    private readonly MmdbFile _file = new(options.Value.CountryDatabase, "Geo:CountryDatabase", "Country database", "geo targeting",
        options.Value.ReloadCheckInterval, log, clock);

    /// <summary>Whether no Geo:CountryDatabase is configured, so that <see cref="UseFallback"/> may give one.</summary>
    public bool Unconfigured => _file.Unconfigured;

    /// <summary>
    /// Gives a lookup with no configured database the file at <paramref name="path"/> (the demo's generated one), read once, not
    /// watched. Does nothing when a database is configured.
    /// </summary>
    public void UseFallback(string path) => _file.UseFallback(path);

    /// <summary>Whether a database is loaded, so that <see cref="CountryOf"/> can answer.</summary>
    public bool Enabled => _file.Enabled;

    /// <summary>
    /// The upper-case ISO 3166-1 alpha-2 code of the address's country: the record's country.iso_code, else its
    /// registered_country.iso_code, else its country_code. Null when no database is loaded, when the database has no
    /// record for the address (private and loopback addresses usually) or no such code in it, or when the lookup fails.
    /// An IPv4-mapped IPv6 address is looked up as the IPv4 address it maps.
    /// </summary>
    public string? CountryOf(IPAddress? address) => _file.Find<CountryRecord>(address)?.Code();

    public void Dispose() => _file.Dispose();

    /// <summary>What a lookup reads of a record; the reader skips the rest (names, continent, geoname ids) without decoding it.</summary>
    internal sealed class CountryRecord
    {
        private readonly string? _country;
        private readonly string? _registeredCountry;
        private readonly string? _countryCode;

        [Constructor]
        public CountryRecord([MapKey("country")] IsoCodeRecord? country = null, [MapKey("registered_country")] IsoCodeRecord? registeredCountry = null,
            [MapKey("country_code")] string? countryCode = null)
        {
            _country = country?.IsoCode;
            _registeredCountry = registeredCountry?.IsoCode;
            _countryCode = countryCode;
        }

        public string? Code() => Normalize(_country) ?? Normalize(_registeredCountry) ?? Normalize(_countryCode);

        private static string? Normalize(string? code) =>
            code is not { Length: 2 } || !char.IsAsciiLetter(code[0]) || !char.IsAsciiLetter(code[1]) ? null
            : char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]) ? code
            : code.ToUpperInvariant();
    }

    /// <summary>A GeoIP2 country map (country, registered_country): its iso_code.</summary>
    internal sealed class IsoCodeRecord
    {
        [Constructor]
        public IsoCodeRecord([MapKey("iso_code")] string? isoCode = null) => IsoCode = isoCode;

        public string? IsoCode { get; }
    }
}
