using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Offerwall.ClientApi;

/// <summary>Section "Vpn": CIDR list files of VPN, proxy and hosting ranges (one IP or CIDR per line, # comments).</summary>
public sealed class VpnOptions
{
    public List<string> ListFiles { get; set; } = [];

    /// <summary>How often the files' modification times are checked; a changed file is reloaded.</summary>
    public TimeSpan ReloadCheckInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The address ranges that the client API refuses with 406 "vpn detected". Ranges are merged into
/// sorted, disjoint intervals per address family, so a lookup is one binary search whatever the
/// size of the lists. Files are loaded at start and reloaded when they change.
/// </summary>
public sealed class VpnBlocklist(IOptions<VpnOptions> options, TimeProvider clock, ILogger<VpnBlocklist> log)
{
    private sealed record Ranges((UInt128 Start, UInt128 End)[] V4, (UInt128 Start, UInt128 End)[] V6, Dictionary<string, DateTime> Stamps);

    private Ranges _ranges = new([], [], []);
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;
    private readonly Lock _reload = new();

    public int RangeCount => _ranges.V4.Length + _ranges.V6.Length;

    public bool Contains(IPAddress? address)
    {
        if (address is null) return false;
        ReloadIfChanged();
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var ranges = address.AddressFamily == AddressFamily.InterNetwork ? _ranges.V4 : _ranges.V6;
        var value = ToNumber(address);
        int lo = 0, hi = ranges.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (value < ranges[mid].Start) hi = mid - 1;
            else if (value > ranges[mid].End) lo = mid + 1;
            else return true;
        }
        return false;
    }

    public void ReloadIfChanged()
    {
        var now = clock.GetUtcNow();
        if (now < _nextCheck) return;
        lock (_reload)
        {
            if (now < _nextCheck) return;
            _nextCheck = now + options.Value.ReloadCheckInterval;
            var stamps = options.Value.ListFiles.ToDictionary(f => f, f => File.Exists(f) ? File.GetLastWriteTimeUtc(f) : DateTime.MinValue);
            if (stamps.Count == _ranges.Stamps.Count && stamps.All(s => _ranges.Stamps.TryGetValue(s.Key, out var t) && t == s.Value)) return;
            _ranges = Load(stamps);
        }
    }

    private Ranges Load(Dictionary<string, DateTime> stamps)
    {
        List<(UInt128, UInt128)> v4 = [], v6 = [];
        foreach (var file in stamps.Keys)
        {
            if (!File.Exists(file)) { log.LogWarning("VPN list file {File} does not exist", file); continue; }
            var lineNumber = 0;
            foreach (var raw in File.ReadLines(file))
            {
                lineNumber++;
                var line = raw.Split('#')[0].Trim();
                if (line.Length == 0) continue;
                if (!TryRange(line, out var family, out var range))
                {
                    log.LogWarning("VPN list {File} line {Line}: not an IP address or CIDR range", file, lineNumber);
                    continue;
                }
                (family == AddressFamily.InterNetwork ? v4 : v6).Add(range);
            }
        }
        var loaded = new Ranges(Merge(v4), Merge(v6), stamps);
        log.LogInformation("VPN lists loaded: {V4} IPv4 and {V6} IPv6 ranges from {Files} files", loaded.V4.Length, loaded.V6.Length, stamps.Count);
        return loaded;
    }

    private static bool TryRange(string text, out AddressFamily family, out (UInt128, UInt128) range)
    {
        family = default;
        range = default;
        IPNetwork network;
        if (text.Contains('/')) { if (!IPNetwork.TryParse(text, out network)) return false; }
        else if (IPAddress.TryParse(text, out var single)) network = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        else return false;
        family = network.BaseAddress.AddressFamily;
        var bits = family == AddressFamily.InterNetwork ? 32 : 128;
        var start = ToNumber(network.BaseAddress);
        var size = network.PrefixLength == 0 ? (bits == 128 ? UInt128.MaxValue : (UInt128)uint.MaxValue) : (UInt128.One << (bits - network.PrefixLength)) - 1;
        range = (start, start + size);
        return true;
    }

    private static (UInt128, UInt128)[] Merge(List<(UInt128 Start, UInt128 End)> ranges)
    {
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(UInt128 Start, UInt128 End)>();
        foreach (var r in ranges)
        {
            if (merged.Count > 0 && (merged[^1].End == UInt128.MaxValue || r.Start <= merged[^1].End + 1))
                merged[^1] = (merged[^1].Start, UInt128.Max(merged[^1].End, r.End));
            else merged.Add(r);
        }
        return [.. merged];
    }

    private static UInt128 ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes) value = (value << 8) | b;
        return value;
    }
}
