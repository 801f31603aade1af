using System.Net;
using Microsoft.Extensions.Time.Testing;
using Offerwall.Tests.Infrastructure;
using Offerwall.Web;

namespace Offerwall.Tests.Web;

/// <summary>The guard's connect callback itself, on a real SocketsHttpHandler, and its own-address source.</summary>
public sealed class NetworkGuardConnectTests
{
    private static async Task<HttpRequestException> RefusedAsync(string host, OwnAddresses own)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectCallback = NetworkGuard.Connect(() => false, own) });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var url = $"http://{(host.Contains(':') ? $"[{host}]" : host)}:9/pb";
        // Refused before any socket is opened: a connection attempt would fail otherwise (unreachable, or the 5 s timeout).
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url, timeout.Token));
        Assert.StartsWith("Refused:", (e.InnerException as HttpRequestException ?? e).Message);
        return e;
    }

    [Theory]
    [MemberData(nameof(RefusedAddresses.Each), MemberType = typeof(RefusedAddresses))]
    public async Task ConnectRefusesEveryNonPublicRange(string address) =>
        await RefusedAsync(address, new OwnAddresses(TimeProvider.System, () => []));

    [Theory]
    [InlineData(RefusedAddresses.Own)]
    [InlineData("::ffff:" + RefusedAddresses.Own)]
    [InlineData(RefusedAddresses.OwnV6)]
    public async Task ConnectRefusesThisMachinesOwnAddresses(string address) =>
        await RefusedAsync(address, RefusedAddresses.OwnList(TimeProvider.System));

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("2001:200::1", true)]     // just past 2001::/23
    [InlineData("2003::1", true)]         // just past 2002::/16
    [InlineData("64:ff9b:2::1", true)]    // past both NAT64 prefixes
    [InlineData("192.0.3.1", true)]
    [InlineData("2001::1", false)]
    [InlineData("2001:1ff::1", false)]
    [InlineData("2002::1", false)]
    [InlineData("fedf::1", false)]
    [InlineData("198.19.255.255", false)]
    [InlineData("255.255.255.255", false)]
    public void RangesEndWhereTheRegistrySays(string address, bool isPublic) =>
        Assert.Equal(isPublic, NetworkGuard.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void OwnAddressesAreLeftOutOfWhatAPostbackMayReach()
    {
        var own = RefusedAddresses.OwnList(TimeProvider.System).Current;
        var reachable = NetworkGuard.Reachable([IPAddress.Parse("8.8.8.8"), IPAddress.Parse("1.1.1.1"), IPAddress.Parse("10.0.0.1"),
            IPAddress.Parse("fe80::1%2"), IPAddress.Parse("::ffff:8.8.8.8")], own);
        Assert.Equal(IPAddress.Parse("1.1.1.1"), Assert.Single(reachable));
    }

    [Fact]
    public void OwnAddressesAreReadAgainEveryMinute()
    {
        var clock = new FakeTimeProvider(AppFixture.Now);
        var reads = 0;
        var own = new OwnAddresses(clock, () => { reads++; return [IPAddress.Parse($"8.8.8.{reads}")]; });
        Assert.Contains(IPAddress.Parse("8.8.8.1"), own.Current);
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Contains(IPAddress.Parse("8.8.8.1"), own.Current);
        Assert.Equal(1, reads);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(IPAddress.Parse("8.8.8.2"), Assert.Single(own.Current));
        Assert.Equal(2, reads);
    }

    [Fact]
    public void ProductionReadsEveryInterfaceOfThisMachine() =>
        // Every machine has a loopback interface; the rest are this machine's own business.
        Assert.Contains(IPAddress.Loopback, OwnAddresses.ReadInterfaces());
}
