using System.Net;
using System.Net.Sockets;
using MaxMind.Db;
using Microsoft.Extensions.Options;

namespace Offerwall.Web;

/// <summary>
/// A user's country from the client's IP address, read from a MaxMind DB country database (<see cref="GeoOptions"/>):
/// GeoLite2/GeoIP2 Country and DB-IP's, whose records hold country.iso_code and registered_country.iso_code, and
/// ip-location-db's, whose records hold country_code. The database is held in memory (not mapped from the file, so a
/// file rewritten in place cannot crash a lookup), read again when its modification time or length changes and has then
/// stayed the same for one check (one being written is left for the next), and swapped in whole; a new file that cannot
/// be read keeps the one loaded before (and is tried again every <see cref="RetryUnreadableEvery"/>, in case only its
/// permissions were wrong). A configured file that is missing or unreadable at start leaves geo targeting off
/// (<see cref="Enabled"/> false) until a readable one appears. Lookups are thread-safe and never throw.
/// </summary>
public sealed class CountryLookup : IDisposable
{
    public static readonly TimeSpan RetryUnreadableEvery = TimeSpan.FromMinutes(1);

    private string? _path;
    private readonly TimeProvider _clock;
    private readonly ILogger<CountryLookup> _log;
    private readonly ITimer? _timer;
    private readonly Lock _checking = new();
    private volatile Database? _current;
    private FileStamp? _seen;
    private FileStamp? _failed;
    private DateTimeOffset _failedAt;
    private bool _missingLogged;
    private bool _disposed;

    public CountryLookup(IOptions<GeoOptions> options, ILogger<CountryLookup> log, TimeProvider clock)
    {
        _log = log;
        _clock = clock;
        var configured = options.Value.CountryDatabase;
        if (string.IsNullOrWhiteSpace(configured))
        {
            log.LogInformation("No country database configured (Geo:CountryDatabase): geo targeting is off");
            return;
        }
        _path = Path.GetFullPath(configured);
        var stamp = Stamp(_path);
        if (stamp is { } found) Load(found, atStart: true);
        else log.LogError("Country database {File} does not exist: geo targeting is off until it appears", _path);
        _seen = stamp;
        var interval = options.Value.ReloadCheckInterval > TimeSpan.Zero ? options.Value.ReloadCheckInterval : TimeSpan.FromSeconds(1);
        _timer = clock.CreateTimer(_ => Check(), null, interval, interval);
    }

    /// <summary>Whether no Geo:CountryDatabase is configured, so that <see cref="UseFallback"/> may give one.</summary>
    public bool Unconfigured => _path is null;

    /// <summary>
    /// Gives a lookup with no configured database the file at <paramref name="path"/> (the demo's generated one), read once, not
    /// watched. Does nothing when a database is configured.
    /// </summary>
    public void UseFallback(string path)
    {
        using (_checking.EnterScope())
        {
            if (_path is not null || _disposed) return;
            _path = Path.GetFullPath(path);
            if (Stamp(_path) is { } found)
            {
                Load(found, atStart: true);
                _seen = found;
            }
        }
    }

    /// <summary>Whether a database is loaded, so that <see cref="CountryOf"/> can answer.</summary>
    public bool Enabled => _current is not null;

    /// <summary>
    /// The upper-case ISO 3166-1 alpha-2 code of the address's country: the record's country.iso_code, else its
    /// registered_country.iso_code, else its country_code. Null when no database is loaded, when the database has no
    /// record for the address (private and loopback addresses usually) or no such code in it, or when the lookup fails.
    /// An IPv4-mapped IPv6 address is looked up as the IPv4 address it maps.
    /// </summary>
    public string? CountryOf(IPAddress? address)
    {
        if (address is null) return null;
        // A reload may retire the database between reading it and taking it: the next read finds the new one.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (_current is not { } database) return null;
            if (!database.TryAcquire()) continue;
            try
            {
                return database.CountryOf(address, _log);
            }
            finally
            {
                database.Release();
            }
        }
        return null;
    }

    public void Dispose()
    {
        using (_checking.EnterScope()) _disposed = true;
        _timer?.Dispose();
        Interlocked.Exchange(ref _current, null)?.Release();
    }

    private void Check()
    {
        if (!_checking.TryEnter()) return;
        try
        {
            if (_disposed || _path is null) return;
            var stamp = Stamp(_path);
            var previous = _seen;
            _seen = stamp;
            if (stamp is not { } now)
            {
                if (!_missingLogged && _current is not null)
                    _log.LogWarning("Country database {File} has gone: keeping the one loaded until a new file appears", _path);
                _missingLogged = true;
                return;
            }
            _missingLogged = false;
            if (now == _current?.Stamp || now != previous) return;
            if (now == _failed && _clock.GetUtcNow() - _failedAt < RetryUnreadableEvery) return;
            Load(now, atStart: false);
        }
        catch (Exception e)
        {
            // A timer callback that throws would end the process.
            _log.LogWarning(e, "Checking the country database {File} for changes failed; trying again at the next check", _path);
        }
        finally
        {
            _checking.Exit();
        }
    }

    private void Load(FileStamp stamp, bool atStart)
    {
        Reader reader;
        try
        {
            reader = new Reader(_path!, FileAccessMode.Memory);
            if (reader.Metadata.IPVersion is not (4 or 6) and var version)
            {
                reader.Dispose();
                throw new InvalidDatabaseException($"ip_version {version} is neither 4 nor 6.");
            }
        }
        catch (Exception e)
        {
            var again = stamp == _failed;
            _failed = stamp;
            _failedAt = _clock.GetUtcNow();
            if (again) _log.LogDebug(e, "Country database {File} still could not be read", _path);
            else if (atStart) _log.LogError(e, "Country database {File} could not be read: geo targeting is off until it is replaced", _path);
            else if (_current is null) _log.LogWarning(e, "Country database {File} could not be read: geo targeting stays off until it is replaced", _path);
            else _log.LogWarning(e, "Country database {File} could not be read: keeping the one loaded before until it is replaced", _path);
            return;
        }
        Interlocked.Exchange(ref _current, new Database(reader, stamp))?.Release();
        _failed = null;
        var metadata = reader.Metadata;
        _log.LogInformation("Country database {File} loaded: {Type}, IPv{Version}, built {Built:yyyy-MM-dd HH:mm}Z", _path, metadata.DatabaseType,
            metadata.IPVersion, metadata.BuildDate);
    }

    private static FileStamp? Stamp(string path)
    {
        try
        {
            var file = new FileInfo(path);
            return file.Exists ? new FileStamp(file.LastWriteTimeUtc, file.Length) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Which version of the file: a replaced or rewritten file changes its modification time, and usually its length.</summary>
    private readonly record struct FileStamp(DateTime LastWrite, long Length);

    /// <summary>
    /// One loaded file. Counted references: the lookup that holds one keeps the reader open, and the last one released
    /// after the database is replaced closes it (the reader's memory must not be freed under a lookup).
    /// </summary>
    private sealed class Database(Reader reader, FileStamp stamp)
    {
        private readonly bool _ipv4Only = reader.Metadata.IPVersion == 4;
        private int _references = 1;
        private int _errorLogged;

        public FileStamp Stamp { get; } = stamp;

        public bool TryAcquire()
        {
            for (var n = Volatile.Read(ref _references); n > 0; n = Volatile.Read(ref _references))
                if (Interlocked.CompareExchange(ref _references, n + 1, n) == n) return true;
            return false;
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0) reader.Dispose();
        }

        public string? CountryOf(IPAddress address, ILogger log)
        {
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            // An IPv4 database has nothing to say about IPv6 addresses (its reader would walk the tree with their first bits).
            if (address.AddressFamily != AddressFamily.InterNetwork && (_ipv4Only || address.AddressFamily != AddressFamily.InterNetworkV6)) return null;
            try
            {
                return reader.Find<CountryRecord>(address)?.Code();
            }
            catch (Exception e)
            {
                if (Interlocked.Exchange(ref _errorLogged, 1) == 0)
                    log.LogWarning(e, "A country database lookup failed (logged once per file): such lookups answer no country");
                return null;
            }
        }
    }

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
