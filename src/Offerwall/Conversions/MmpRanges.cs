using System.Net;
using Microsoft.Extensions.Options;
using Offerwall.Offers;

namespace Offerwall.Conversions;

/// <summary>
/// The source address ranges each MMP publishes for its postbacks, read once at start from the list files
/// (<see cref="MmpPostbackOptions.RangesFolder"/>). A line that is not an address or a range stops the start: a list the operator
/// edited by hand must not silently lose its entries.
/// </summary>
public sealed class MmpRanges
{
    private readonly Dictionary<string, IPNetwork[]> _ranges = new(StringComparer.Ordinal);

    public MmpRanges(IOptions<MmpPostbackOptions> options)
    {
        var folder = string.IsNullOrWhiteSpace(options.Value.RangesFolder)
            ? Path.Combine(AppContext.BaseDirectory, "Conversions", "MmpRanges")
            : options.Value.RangesFolder;
        foreach (var profile in MmpProfile.Names)
        {
            var file = Path.Combine(folder, profile + ".txt");
            if (File.Exists(file)) _ranges[profile] = Parse(File.ReadLines(file), file);
        }
    }

    public static IPNetwork[] Parse(IEnumerable<string> lines, string source)
    {
        var ranges = new List<IPNetwork>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = (raw.IndexOf('#') is var hash and >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0) continue;
            if (IPNetwork.TryParse(line, out var network)) ranges.Add(network);
            else if (IPAddress.TryParse(line, out var address)) ranges.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            else throw new InvalidOperationException($"{source}, line {number}: '{line}' is not an IP address or CIDR range.");
        }
        return [.. ranges];
    }

    /// <summary>The ranges the profile's MMP publishes; empty when it publishes none (its postbacks then need the token).</summary>
    public IReadOnlyList<IPNetwork> For(string profile) => _ranges.GetValueOrDefault(profile) ?? [];

    /// <summary>True when <paramref name="address"/> (the connection's, or the one a configured proxy vouches for) is in the MMP's ranges.</summary>
    public bool Contains(string profile, IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return For(profile).Any(n => n.Contains(address));
    }
}
