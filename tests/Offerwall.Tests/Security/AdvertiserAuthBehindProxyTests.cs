using System.Net;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>Behind a configured proxy (10.0.0.5, 10.1.0.0/16) the address it vouches for is the one checked, and only from it.</summary>
public abstract class AdvertiserAuthBehindProxyTests(AppFixture app)
{
    [Fact]
    public async Task TheAddressATrustedProxyVouchesForAuthenticatesAndNoOtherDoes()
    {
        var m = await Market.CreateAsync(app);
        await UnsignedPostback.AllowAsync(app, m, ipOnly: true);
        var tx = await m.StartAsync("u");
        Assert.Equal(HttpStatusCode.Unauthorized, (await UnsignedPostback.SendAsync(app, m, tx, VpnLists.Proxy, ("X-Forwarded-For", "192.0.2.10"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await UnsignedPostback.SendAsync(app, m, tx, "10.0.0.6", ("X-Forwarded-For", "203.0.113.5"))).Status);
        // The proxy appends what it saw; what the sender wrote before it is not believed.
        Assert.Equal(HttpStatusCode.Unauthorized, (await UnsignedPostback.SendAsync(app, m, tx, VpnLists.Proxy, ("X-Forwarded-For", "203.0.113.5, 192.0.2.10"))).Status);
        Assert.Equal(0, await UnsignedPostback.ConversionsAsync(app, m));

        var (status, body) = await UnsignedPostback.SendAsync(app, m, tx, VpnLists.Proxy, ("X-Forwarded-For", "203.0.113.5"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("approved", (string?)body["conversion_status"]);
        Assert.Equal(1, await UnsignedPostback.ConversionsAsync(app, m));
    }
}
