using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Offerwall.ClientApi;

using Offerwall.Web;

namespace Offerwall.Tests.ClientApi;

/// <summary>The VPN list files: parsing, merging and lookups (no server).</summary>
public sealed class ClientVpnBlocklistTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"offerwall-vpnlist-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero));

    public ClientVpnBlocklistTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string ListFile(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        VpnLists.Write(path, content);
        return path;
    }

    private VpnBlocklist Blocklist(params string[] files) =>
        new(Options.Create(new VpnOptions { ListFiles = [.. files] }), _clock, NullLogger<VpnBlocklist>.Instance,
            new AnonymousIpLookup(Options.Create(new AnonymousIpOptions()), NullLogger<AnonymousIpLookup>.Instance, _clock));

    private static bool Blocks(VpnBlocklist list, string address) => list.Contains(IPAddress.Parse(address));

    [Fact]
    public void Ipv4RangesIncludeTheirFirstAndLastAddressOnly()
    {
        var list = Blocklist(ListFile("a.txt", "198.51.100.0/24\n10.0.0.0/8\n"));
        Assert.True(Blocks(list, "198.51.100.0"));
        Assert.True(Blocks(list, "198.51.100.255"));
        Assert.False(Blocks(list, "198.51.99.255"));
        Assert.False(Blocks(list, "198.51.101.0"));
        Assert.True(Blocks(list, "10.255.255.255"));
        Assert.False(Blocks(list, "11.0.0.0"));
        Assert.False(Blocks(list, "9.255.255.255"));
    }

    [Fact]
    public void Ipv6RangesAndAddressesAreTheirOwnFamily()
    {
        var list = Blocklist(ListFile("a.txt", "2001:db8:bad::/48\n2001:db8::42\n::/128\n"));
        Assert.True(Blocks(list, "2001:db8:bad::"));
        Assert.True(Blocks(list, "2001:db8:bad:ffff:ffff:ffff:ffff:ffff"));
        Assert.False(Blocks(list, "2001:db8:bae::"));
        Assert.False(Blocks(list, "2001:db8:bac:ffff:ffff:ffff:ffff:ffff"));
        Assert.True(Blocks(list, "2001:db8::42"));
        Assert.False(Blocks(list, "2001:db8::43"));
        Assert.False(Blocks(list, "0.0.0.0"));                              // ::/128 is IPv6 only
        Assert.Equal(3, list.RangeCount);
    }

    [Fact]
    public void SingleAddressesBlockExactlyThemselves()
    {
        var list = Blocklist(ListFile("a.txt", "203.0.113.7\n203.0.113.9/32\n"));
        Assert.True(Blocks(list, "203.0.113.7"));
        Assert.True(Blocks(list, "203.0.113.9"));
        Assert.False(Blocks(list, "203.0.113.8"));
        Assert.False(Blocks(list, "203.0.113.6"));
        Assert.False(Blocks(list, "203.0.113.10"));
    }

    [Fact]
    public void OverlappingAndAdjacentRangesAreMergedAcrossFiles()
    {
        var list = Blocklist(
            ListFile("a.txt", "192.0.2.0/25\n192.0.2.128/25\n192.0.2.5\n"),       // adjacent halves, and an address inside
            ListFile("b.txt", "192.0.2.0/24\n198.51.100.0/24\n198.51.100.64/26\n2001:db8::/33\n2001:db8:8000::/33\n"));
        Assert.True(Blocks(list, "192.0.2.200"));
        Assert.True(Blocks(list, "2001:db8:ffff::1"));
        Assert.False(Blocks(list, "2001:db9::"));
        Assert.Equal(3, list.RangeCount);   // 192.0.2.0/24, 198.51.100.0/24, 2001:db8::/32 (loaded by the first lookup)
    }

    [Fact]
    public void CommentsBlankLinesAndBadLinesAreSkipped()
    {
        var list = Blocklist(ListFile("a.txt", """
            # Example provider list
               # indented comment

            192.0.2.0/24   # trailing comment
            198.51.100.1/32#no space
            not-an-address
            10.0.0.0/33
            2001:db8::/129
            1.2.3
            12345
            0x7f.0.0.1
            10.0/8
            1.2.3/24
            256.1.1.1
            fe80::1%eth0
            [2001:db8::1]
            203.0.113.0/
            203.0.113.0/-1
            203.0.113.0 /24
            """.Replace("\n", "\r\n", StringComparison.Ordinal)));     // Windows line ends too
        Assert.True(Blocks(list, "192.0.2.1"));
        Assert.True(Blocks(list, "198.51.100.1"));
        Assert.Equal(2, list.RangeCount);
        // The shorthand forms are not read as some other address.
        Assert.False(Blocks(list, "1.2.0.3"));
        Assert.False(Blocks(list, "0.0.48.57"));
        Assert.False(Blocks(list, "127.0.0.1"));
        Assert.False(Blocks(list, "10.0.0.1"));
        Assert.False(Blocks(list, "1.2.0.1"));
    }

    [Theory]
    [InlineData("192.0.2.1/24", "192.0.2.0", "192.0.2.255")]          // host bits are ignored
    [InlineData("0.0.0.0/0", "0.0.0.0", "255.255.255.255")]
    [InlineData("::ffff:192.0.2.0/120", "192.0.2.0", "192.0.2.255")]  // IPv4-mapped: stored as IPv4
    [InlineData("::ffff:198.51.100.7", "198.51.100.7", "198.51.100.7")]
    [InlineData("2001:db8::/32", "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void RangesCoverFromTheirFirstToTheirLastAddress(string line, string first, string last)
    {
        Assert.True(VpnBlocklist.TryRange(line, out var family, out var range));
        Assert.Equal(IPAddress.Parse(first).AddressFamily, family);
        Assert.Equal(Number(first), range.Start);
        Assert.Equal(Number(last), range.End);
    }

    private static UInt128 Number(string address)
    {
        UInt128 value = 0;
        foreach (var b in IPAddress.Parse(address).GetAddressBytes()) value = (value << 8) | b;
        return value;
    }

    [Fact]
    public void Ipv4AddressesSeenThroughIpv6AreCheckedAsIpv4()
    {
        var list = Blocklist(ListFile("a.txt", "198.51.100.0/24\n"));
        Assert.True(list.Contains(IPAddress.Parse("198.51.100.9").MapToIPv6()));
        Assert.Equal(AddressFamily.InterNetworkV6, IPAddress.Parse("198.51.100.9").MapToIPv6().AddressFamily);
        Assert.False(list.Contains(null));
    }

    [Fact]
    public void MissingFilesBlockNothingUntilTheyAppear()
    {
        var path = Path.Combine(_folder, "later.txt");
        var list = Blocklist(path);
        Assert.False(Blocks(list, "192.0.2.1"));
        ListFile("later.txt", "192.0.2.0/24\n");
        Assert.False(Blocks(list, "192.0.2.1"));                            // not checked again yet
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(Blocks(list, "192.0.2.1"));
    }

    [Fact]
    public void ChangedFilesAreReloadedAfterTheCheckInterval()
    {
        var path = ListFile("a.txt", "192.0.2.0/24\n");
        var list = Blocklist(path);
        Assert.True(Blocks(list, "192.0.2.1"));
        ListFile("a.txt", "198.51.100.0/24\n");
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.True(Blocks(list, "192.0.2.1"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(Blocks(list, "192.0.2.1"));
        Assert.True(Blocks(list, "198.51.100.1"));
        System.IO.File.Delete(path);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(Blocks(list, "198.51.100.1"));
        Assert.Equal(0, list.RangeCount);
    }

    [Fact]
    public void AFileThatCannotBeReadKeepsTheListsLoadedBefore()
    {
        var path = ListFile("a.txt", "192.0.2.0/24\n");
        var list = Blocklist(path, path);                                  // listed twice: read once
        Assert.True(Blocks(list, "192.0.2.1"));
        ListFile("a.txt", "198.51.100.0/24\n");
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))   // being replaced: not readable
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            Assert.True(Blocks(list, "192.0.2.1"));
            Assert.False(Blocks(list, "198.51.100.1"));
        }
        _clock.Advance(TimeSpan.FromSeconds(10));                           // retried at the next check
        Assert.False(Blocks(list, "192.0.2.1"));
        Assert.True(Blocks(list, "198.51.100.1"));
    }

    [Fact]
    public void TheShippedExampleListParsesCompletely()
    {
        var path = Path.Combine(RepositoryRoot(), "config", "vpn", "example-ranges.txt");
        var entries = System.IO.File.ReadLines(path).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToList();
        Assert.All(entries, e => Assert.True(VpnBlocklist.TryRange(e, out _, out _), e));
        var list = Blocklist(path);
        Assert.True(Blocks(list, "192.0.2.1"));
        Assert.True(Blocks(list, "198.51.100.200"));
        Assert.True(Blocks(list, "203.0.113.7"));
        Assert.False(Blocks(list, "203.0.113.8"));
        Assert.True(Blocks(list, "2001:db8:1234::1"));
        Assert.Equal(entries.Count, list.RangeCount);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));
}
