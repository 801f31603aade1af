using System.Net;
using System.Net.Sockets;
using MaxMind.Db;

namespace Offerwall.Web;

/// <summary>
/// One MaxMind DB file (.mmdb) a lookup reads (<see cref="CountryLookup"/>, <see cref="AnonymousIpLookup"/>): held in memory (not mapped
/// from the file, so a file rewritten in place cannot crash a lookup), read again when its modification time or length changes and has then
/// stayed the same for one check (one being written is left for the next), and swapped in whole; a new file that cannot be read keeps the one
/// loaded before (and is tried again every <see cref="RetryUnreadableEvery"/>, in case only its permissions were wrong). A configured file
/// that is missing or unreadable at start leaves its feature off (<see cref="Enabled"/> false) until a readable one appears. Lookups are
/// thread-safe and never throw. Logs name the file as <c>what</c> ("Country database") and what it serves as <c>feature</c> ("geo targeting").
/// </summary>
public sealed class MmdbFile : IDisposable
{
    public static readonly TimeSpan RetryUnreadableEvery = TimeSpan.FromMinutes(1);

    private readonly string _what;
    private readonly string _feature;
    private string? _path;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly ITimer? _timer;
    private readonly Lock _checking = new();
    private volatile Database? _current;
    private FileStamp? _seen;
    private FileStamp? _failed;
    private DateTimeOffset _failedAt;
    private bool _missingLogged;
    private bool _disposed;

    /// <param name="configured">The file's path as configured; null or blank: none (the feature is off).</param>
    /// <param name="setting">The setting that names the file, for the log ("Geo:CountryDatabase").</param>
    public MmdbFile(string? configured, string setting, string what, string feature, TimeSpan reloadCheckInterval, ILogger log, TimeProvider clock)
    {
        _what = what;
        _feature = feature;
        _log = log;
        _clock = clock;
        if (string.IsNullOrWhiteSpace(configured))
        {
            log.LogInformation("No {What} configured ({Setting}): {Feature} is off", what.ToLowerInvariant(), setting, feature);
            return;
        }
        _path = Path.GetFullPath(configured);
        var stamp = Stamp(_path);
        if (stamp is { } found) Load(found, atStart: true);
        else log.LogError("{What} {File} does not exist: {Feature} is off until it appears", what, _path, feature);
        _seen = stamp;
        var interval = reloadCheckInterval > TimeSpan.Zero ? reloadCheckInterval : TimeSpan.FromSeconds(1);
        _timer = clock.CreateTimer(_ => Check(), null, interval, interval);
    }

    /// <summary>Whether no file is configured, so that <see cref="UseFallback"/> may give one.</summary>
    public bool Unconfigured => _path is null;

    /// <summary>Gives a lookup with no configured file the file at <paramref name="path"/>, read once, not watched. Does nothing when one is configured.</summary>
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

    /// <summary>Whether a file is loaded, so that <see cref="Find{T}"/> can answer.</summary>
    public bool Enabled => _current is not null;

    /// <summary>
    /// The record for the address, or null: no file loaded, no record for the address (private and loopback addresses usually), or the
    /// lookup failed (logged once per file). An IPv4-mapped IPv6 address is looked up as the IPv4 address it maps; an IPv6 address in an
    /// IPv4 file has no record.
    /// </summary>
    public T? Find<T>(IPAddress? address) where T : class
    {
        if (address is null) return null;
        // A reload may retire the file between reading it and taking it: the next read finds the new one.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (_current is not { } database) return null;
            if (!database.TryAcquire()) continue;
            try
            {
                return database.Find<T>(address, _log, _what);
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
                    _log.LogWarning("{What} {File} has gone: keeping the one loaded until a new file appears", _what, _path);
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
            _log.LogWarning(e, "Checking the {What} {File} for changes failed; trying again at the next check", _what.ToLowerInvariant(), _path);
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
            if (again) _log.LogDebug(e, "{What} {File} still could not be read", _what, _path);
            else if (atStart) _log.LogError(e, "{What} {File} could not be read: {Feature} is off until it is replaced", _what, _path, _feature);
            else if (_current is null) _log.LogWarning(e, "{What} {File} could not be read: {Feature} stays off until it is replaced", _what, _path, _feature);
            else _log.LogWarning(e, "{What} {File} could not be read: keeping the one loaded before until it is replaced", _what, _path);
            return;
        }
        Interlocked.Exchange(ref _current, new Database(reader, stamp))?.Release();
        _failed = null;
        var metadata = reader.Metadata;
        _log.LogInformation("{What} {File} loaded: {Type}, IPv{Version}, built {Built:yyyy-MM-dd HH:mm}Z", _what, _path, metadata.DatabaseType,
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
    /// after the file is replaced closes it (the reader's memory must not be freed under a lookup).
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

        public T? Find<T>(IPAddress address, ILogger log, string what) where T : class
        {
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            // An IPv4 file has nothing to say about IPv6 addresses (its reader would walk the tree with their first bits).
            if (address.AddressFamily != AddressFamily.InterNetwork && (_ipv4Only || address.AddressFamily != AddressFamily.InterNetworkV6)) return null;
            try
            {
                return reader.Find<T>(address);
            }
            catch (Exception e)
            {
                if (Interlocked.Exchange(ref _errorLogged, 1) == 0)
                    log.LogWarning(e, "A lookup in the {What} failed (logged once per file): such lookups find nothing", what.ToLowerInvariant());
                return null;
            }
        }
    }
}
