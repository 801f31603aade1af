using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Postbacks;
using Offerwall.Tests.Infrastructure;
using Offerwall.Data;

namespace Offerwall.Tests.Web;

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
