using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Offerwall.Web;

namespace Offerwall.ClientApi;

/// <summary>
/// The addresses that the client API refuses with 406 "vpn detected" (for partners that block VPNs): those in the CIDR list files, and
/// those the Anonymous IP database flags (<see cref="AnonymousIpLookup"/>, the flags switched on). Ranges are merged into
/// sorted, disjoint intervals per address family, so a lookup is one binary search whatever the
/// size of the lists. Files are loaded on first use and reloaded when they change (checked at most
/// every <see cref="VpnOptions.ReloadCheckInterval"/>); a line that is not an address or range is
/// skipped with a warning.
/// </summary>
public sealed class VpnBlocklist(IOptions<VpnOptions> options, TimeProvider clock, ILogger<VpnBlocklist> log, AnonymousIpLookup anonymous)
{
    private sealed record Ranges((UInt128 Start, UInt128 End)[] V4, (UInt128 Start, UInt128 End)[] V6, Dictionary<string, DateTime> Stamps);

    private Ranges _ranges = new([], [], []);
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;
    private readonly Lock _reload = new();

    public int RangeCount => _ranges.V4.Length + _ranges.V6.Length;

    /// <summary>Whether the address is an anonymizer: in a list, or flagged by the Anonymous IP database.</summary>
    public bool Contains(IPAddress? address) => InLists(address) || anonymous.Detect(address).Count > 0;

    /// <summary>What is known of the address, as a click records it: "list" for a list's range, then the database's flags; "" nothing.</summary>
    public string Detect(IPAddress? address)
    {
        var flags = anonymous.Detect(address);
        return InLists(address) ? string.Join(',', ["list", .. flags]) : string.Join(',', flags);
    }

    private bool InLists(IPAddress? address)
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
            var stamps = options.Value.ListFiles.Distinct().ToDictionary(f => f, f => File.Exists(f) ? File.GetLastWriteTimeUtc(f) : DateTime.MinValue);
            if (stamps.Count == _ranges.Stamps.Count && stamps.All(s => _ranges.Stamps.TryGetValue(s.Key, out var t) && t == s.Value)) return;
            // A file that cannot be read right now (replaced, permissions) keeps the lists loaded
            // before, and is retried at the next check: a client request never fails because of it.
            if (Load(stamps) is { } loaded) _ranges = loaded;
        }
    }

    private Ranges? Load(Dictionary<string, DateTime> stamps)
    {
        List<(UInt128, UInt128)> v4 = [], v6 = [];
        foreach (var file in stamps.Keys)
        {
            if (!File.Exists(file)) { log.LogWarning("VPN list file {File} does not exist", file); continue; }
            int lineNumber = 0, bad = 0, firstBad = 0;
            try
            {
                foreach (var raw in File.ReadLines(file))
                {
                    lineNumber++;
                    var line = raw.Split('#')[0].Trim();
                    if (line.Length == 0) continue;
                    if (!TryRange(line, out var family, out var range))
                    {
                        if (bad++ == 0) firstBad = lineNumber;
                        continue;
                    }
                    (family == AddressFamily.InterNetwork ? v4 : v6).Add(range);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogWarning(e, "VPN list file {File} could not be read: keeping the lists loaded before, retrying at the next check", file);
                return null;
            }
            if (bad > 0)
                log.LogWarning("VPN list {File}: {Bad} lines skipped (not an IP address or CIDR range), the first at line {Line}", file, bad, firstBad);
        }
        var loaded = new Ranges(Merge(v4), Merge(v6), stamps);
        log.LogInformation("VPN lists loaded: {V4} IPv4 and {V6} IPv6 ranges from {Files} files", loaded.V4.Length, loaded.V6.Length, stamps.Count);
        return loaded;
    }

    /// <summary>
    /// One line: an IPv4 address in dotted-quad form, an IPv6 address, or either with a /prefix.
    /// Strict on purpose: the shorthand forms that the system parsers also accept ("10", "1.2.3",
    /// "0x7f.1", "10.0/8") are almost always typos in a list, and would block the wrong addresses.
    /// Host bits after the prefix are ignored (192.0.2.1/24 is 192.0.2.0/24); IPv4-mapped IPv6
    /// ranges (::ffff:192.0.2.0/120) are stored as the IPv4 ranges they are.
    /// </summary>
    public static bool TryRange(string text, out AddressFamily family, out (UInt128 Start, UInt128 End) range)
    {
        family = default;
        range = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IsPlainAddress(addressText) || !IPAddress.TryParse(addressText, out var address)) return false;
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit)) return false;
            prefix = int.Parse(prefixText, System.Globalization.CultureInfo.InvariantCulture);
            if (prefix > bits) return false;
        }
        if (address.IsIPv4MappedToIPv6 && prefix >= 96)
        {
            address = address.MapToIPv4();
            prefix -= 96;
            bits = 32;
        }
        var hostBits = bits - prefix;
        var hostMask = hostBits == 0 ? UInt128.Zero : hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        var start = ToNumber(address) & ~hostMask;
        family = address.AddressFamily;
        range = (start, start | hostMask);
        return true;
    }

    private static bool IsPlainAddress(string text) => text.Contains(':')
        ? text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
        : text.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit));

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
