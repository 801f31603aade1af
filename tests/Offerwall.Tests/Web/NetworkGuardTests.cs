using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Offerwall.Postbacks;
using Offerwall.Tests.Infrastructure;
using Offerwall.Web;
using Offerwall.Data;

namespace Offerwall.Tests.Web;

/// <summary>Addresses the guard must refuse at connect time: one of each range it added, and the older ones.</summary>
public static class RefusedAddresses
{
    public static readonly string[] All =
    [
        "64:ff9b::a9fe:a9fe",                    // NAT64: 169.254.169.254 through the gateway
        "64:ff9b:1::a9fe:a9fe",                  // NAT64, local use
        "2002:a9fe:a9fe::1",                     // 6to4 of 169.254.169.254
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  // Teredo
        "fec0::1",                               // site-local
        "::a9fe:a9fe",                           // IPv4-compatible 169.254.169.254
        "::7f00:1",                              // IPv4-compatible 127.0.0.1
        "::ffff:0:a9fe:a9fe",                    // IPv4-translated 169.254.169.254
        "100::1",                                // discard
        "2001:db8::1",                           // documentation
        "192.0.2.1",                             // documentation
        "198.51.100.1",                          // documentation
        "203.0.113.1",                           // documentation
        "192.88.99.1",                           // 6to4 relay
        "127.0.0.1", "::1", "::ffff:127.0.0.1", "169.254.169.254", "10.0.0.1", "fd00::1",
    ];

    public static TheoryData<string> Each => new(All);

    /// <summary>A public address that the test servers' guard is told is one of this machine's own (a server with a public address).</summary>
    public const string Own = "8.8.8.8";
    public const string OwnV6 = "2001:4860:4860::8888";

    public static OwnAddresses OwnList(TimeProvider clock) => new(clock, () => [IPAddress.Parse(Own), IPAddress.Parse(OwnV6)]);
}

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

/// <summary>A server with the guard on (the default), told that <see cref="RefusedAddresses.Own"/> is one of its own addresses.</summary>
public static class GuardedServer
{
    public static readonly KeyValuePair<string, string?>[] Settings = [new("Postbacks:Timeout", "00:00:02")];

    public static void Configure(WebApplicationBuilder builder, AppFixture app) => builder.Services.AddSingleton(RefusedAddresses.OwnList(app.Clock));
}

public class SqliteGuardedFixture : SqliteFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => GuardedServer.Settings;
    protected override void Configure(WebApplicationBuilder builder) => GuardedServer.Configure(builder, this);
}

public class PostgresGuardedFixture : PostgresFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => GuardedServer.Settings;
    protected override void Configure(WebApplicationBuilder builder) => GuardedServer.Configure(builder, this);
}

public sealed class NetworkGuardOnSqlite(SqliteGuardedFixture app) : NetworkGuardTests(app), IClassFixture<SqliteGuardedFixture>;

public sealed class NetworkGuardOnPostgres(PostgresGuardedFixture app) : NetworkGuardTests(app), IClassFixture<PostgresGuardedFixture>;

/// <summary>
/// Partner postback URLs that validation would refuse, stored straight in the database (as an old
/// row, or a name that now resolves elsewhere, would be): the sender refuses to connect, and the
/// refusal is a failed attempt, never a 500.
/// </summary>
public abstract class NetworkGuardTests(AppFixture app)
{
    private static string UrlOf(string address) => $"http://{(address.Contains(':') ? $"[{address}]" : address)}:9/pb?tx={{transaction_id}}";

    private Task SetPostbackUrlAsync(long partnerId, string url) => app.WithDb(db =>
        db.Partners.Where(p => p.Id == partnerId).ExecuteUpdateAsync(s => s.SetProperty(p => p.PostbackUrl, url)));

    public static TheoryData<string> Addresses() =>
        new([.. RefusedAddresses.All, RefusedAddresses.Own, RefusedAddresses.OwnV6]);

    [Theory]
    [MemberData(nameof(Addresses))]
    public async Task TestPostbackToARefusedAddressReportsAFailedAttempt(string address)
    {
        var m = await Market.CreateAsync(app);
        await SetPostbackUrlAsync(m.PartnerId, UrlOf(address));
        var (status, body) = await m.PartnerGetAsync("/data/partner/postbacks/test", HttpMethod.Post);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False((bool)body!["success"]!);
        Assert.Null(body["status_code"]);
        Assert.StartsWith("Refused:", (string?)body["response"]);
    }

    [Fact]
    public async Task QueuedPostbackToThisMachinesOwnAddressFailsItsAttemptAndWaitsForTheRetry()
    {
        var m = await Market.CreateAsync(app);
        await SetPostbackUrlAsync(m.PartnerId, UrlOf(RefusedAddresses.Own));
        var (status, _) = await m.PostbackAsync(await m.StartAsync("u"), m.Install);
        Assert.Equal(HttpStatusCode.OK, status);

        var deliveries = () => app.WithDb(db => db.PostbackDeliveries.AsNoTracking().Where(d => d.PartnerId == m.PartnerId).ToListAsync());
        await PostbackSink.WaitUntilAsync(async () => (await deliveries()).Single().Attempts == 1, "the first attempt");
        var delivery = (await deliveries()).Single();
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.True(delivery.NextAttemptAt > app.UtcNow);
        var attempt = await app.WithDb(db => db.PostbackAttempts.AsNoTracking().SingleAsync(a => a.DeliveryId == delivery.Id));
        Assert.Null(attempt.StatusCode);
        Assert.StartsWith("Refused:", attempt.Response);
        Assert.Contains("this machine's own", attempt.Response);

        // The partner sees the failed attempt in its log, as any other.
        var detail = (await m.PartnerGetAsync($"/data/partner/postbacks/{delivery.Id}")).Body!;
        Assert.StartsWith("Refused:", (string?)detail["attempts"]![0]!["response"]);
    }

    [Fact]
    public void PostbackClientConnectsDirectlyNeverThroughAnEnvironmentProxy()
    {
        // The "postbacks" client's handler chain, down to the handler that opens connections.
        var handler = app.App.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(PostbackSender.ClientName);
        while (handler is DelegatingHandler delegating) handler = delegating.InnerHandler!;
        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.False(sockets.UseProxy);
        Assert.Null(sockets.Proxy);
        Assert.False(sockets.AllowAutoRedirect);
        Assert.NotNull(sockets.ConnectCallback);
    }
}
