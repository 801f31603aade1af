using System.Net;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

/// <summary>
/// 406 "vpn detected" for client addresses on the configured lists (see <see cref="VpnLists.MainContent"/>),
/// list reloading, and which address is checked behind trusted proxies.
/// </summary>
public abstract class ClientVpnTests(AppFixture app, VpnLists lists)
{
    private const string VpnBody =
        "^\\{\"error\":\\{\"details\":\\{\"msg\":\"vpn detected\",\"http\":\"406 Not Acceptable\"\\}\\},\"status\":\"error\",\"trace_id\":\"[0-9a-f]{16}\"\\}$";

    private static (string, string) From(string address) => ClientAddressStartupFilter.From(address);

    private static (string, string) ForwardedFor(string addresses) => ("X-Forwarded-For", addresses);

    private async Task<(Shop Shop, ShopOffer Offer)> ShopAsync()
    {
        var shop = await Shop.CreateAsync(app);
        return (shop, await shop.ImportAsync([new { id = "0", name = "Install", payout = 1m, reward = 0.5m }]));
    }

    private static Task<ClientAnswer> OffersFrom(Shop shop, params (string, string)[] headers) => shop.GetAsync("/v1/client/offers", "u", null, headers);

    [Theory]
    [InlineData("198.51.100.23")]         // in 198.51.100.0/24
    [InlineData("198.51.100.0")]
    [InlineData("198.51.100.255")]
    [InlineData("203.0.113.7")]           // a single address
    [InlineData("2001:db8:bad::1")]       // in 2001:db8:bad::/48
    [InlineData("2001:db8:bad:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("::ffff:198.51.100.23")]  // IPv4 seen through an IPv6 socket
    public async Task ListedAddressAnswers406OnEveryEndpointAndChangesNothing(string address)
    {
        var (shop, offer) = await ShopAsync();
        foreach (var (method, path) in ClientErrorsTests.Endpoints)
        {
            var answer = await Shop.SendAsync(app, new HttpMethod(method), path.Replace("{offer}", offer.Id, StringComparison.Ordinal),
                shop.AppToken, "u", From(address));
            Assert.Equal(HttpStatusCode.NotAcceptable, answer.Status);
            Assert.Matches(VpnBody, answer.Text);
        }
        Assert.Equal((0, 0), await shop.FootprintAsync());                 // the blocked start wrote no user and no click
    }

    [Theory]
    [InlineData("198.51.99.255")]
    [InlineData("198.51.101.0")]
    [InlineData("203.0.113.6")]
    [InlineData("203.0.113.8")]
    [InlineData("2001:db8:bae::1")]
    [InlineData("2001:db8:bac:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("::ffff:192.0.2.10")]
    public async Task UnlistedAddressIsServed(string address)
    {
        var (shop, offer) = await ShopAsync();
        Assert.Equal(HttpStatusCode.OK, (await OffersFrom(shop, From(address))).Status);
        await shop.StartAsync(offer.Id, "u", From(address));
        Assert.Equal((1, 1), await shop.FootprintAsync());
    }

    [Fact]
    public async Task TheTokenAndTheUserIdAreCheckedBeforeTheAddress()
    {
        var (shop, _) = await ShopAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Shop.SendAsync(app, HttpMethod.Get, "/v1/client/offers", "wrong", "u", From("198.51.100.23"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Shop.SendAsync(app, HttpMethod.Get, "/v1/client/offers", shop.AppToken, "", From("198.51.100.23"))).Status);
    }

    [Fact]
    public async Task PartnerThatAllowsVpnsIsNotBlocked()
    {
        var (shop, offer) = await ShopAsync();
        var blocking = await shop.OtherPartnerAsync();
        var answer = await Market.AdminAsync(app, $"/admin/partners/{shop.PartnerId}/vpn-blocking", new { block_vpn = false });
        Assert.False((bool)answer["block_vpn"]!);
        Assert.False(await app.WithDb(db => db.Partners.Where(p => p.Id == shop.PartnerId).Select(p => p.BlockVpn).SingleAsync()));

        Assert.Equal(HttpStatusCode.OK, (await OffersFrom(shop, From("198.51.100.23"))).Status);
        await shop.StartAsync(offer.Id, "u", From("198.51.100.23"));
        Assert.Equal(HttpStatusCode.OK, (await shop.DetailsAsync(offer.Id, "u")).Status);
        Assert.Equal(HttpStatusCode.NotAcceptable, (await OffersFrom(blocking, From("198.51.100.23"))).Status);
    }

    [Fact]
    public async Task ChangedListFilesApplyAfterTheReloadCheckInterval()
    {
        var (shop, _) = await ShopAsync();
        Assert.Equal(HttpStatusCode.OK, (await OffersFrom(shop, From("192.0.2.77"))).Status);   // a check happens now
        try
        {
            // A configured file that did not exist appears: used from the next check, 10 s later.
            VpnLists.Write(lists.Extra, "# new provider\n192.0.2.64/26\n");
            Assert.Equal(HttpStatusCode.OK, (await OffersFrom(shop, From("192.0.2.77"))).Status);
            app.Clock.Advance(TimeSpan.FromSeconds(11));
            Assert.Equal(HttpStatusCode.NotAcceptable, (await OffersFrom(shop, From("192.0.2.77"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await OffersFrom(shop, From("192.0.2.128"))).Status);

            // Rewritten: the old ranges go, the new ones apply; the other file still does.
            VpnLists.Write(lists.Extra, "2001:db8:cafe::/48\n");
            app.Clock.Advance(TimeSpan.FromSeconds(11));
            Assert.Equal(HttpStatusCode.OK, (await OffersFrom(shop, From("192.0.2.77"))).Status);
            Assert.Equal(HttpStatusCode.NotAcceptable, (await OffersFrom(shop, From("2001:db8:cafe::9"))).Status);
            Assert.Equal(HttpStatusCode.NotAcceptable, (await OffersFrom(shop, From("198.51.100.23"))).Status);
        }
        finally
        {
            File.Delete(lists.Extra);
        }
        // Removed: its ranges go at the next check.
        app.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(HttpStatusCode.OK, (await OffersFrom(shop, From("2001:db8:cafe::9"))).Status);
        Assert.Equal(HttpStatusCode.NotAcceptable, (await OffersFrom(shop, From("198.51.100.23"))).Status);
    }

    [Fact]
    public async Task ForwardedForIsIgnoredUnlessTheSenderIsATrustedProxy()
    {
        var (shop, offer) = await ShopAsync();
        // A client cannot hide a VPN address behind a header, nor get blocked by naming one.
        Assert.Equal(HttpStatusCode.NotAcceptable, (await OffersFrom(shop, From("198.51.100.23"), ForwardedFor("192.0.2.10"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await OffersFrom(shop, From("192.0.2.10"), ForwardedFor("198.51.100.23"))).Status);
        // 10.0.0.6 is next to the trusted proxy, not it.
        Assert.Equal(HttpStatusCode.OK, (await OffersFrom(shop, From("10.0.0.6"), ForwardedFor("198.51.100.23"))).Status);
        // The click records the address that was checked: the sender's.
        await shop.StartAsync(offer.Id, "u", From("192.0.2.10"), ForwardedFor("192.0.2.45"));
        Assert.Equal("192.0.2.10", await ClickIpAsync(shop));
    }

    [Fact]
    public async Task BehindATrustedProxyTheForwardedAddressIsTheOneChecked()
    {
        var (shop, offer) = await ShopAsync();
        foreach (var proxy in new[] { VpnLists.Proxy, "10.1.2.3" })   // KnownProxies:0, and an address in KnownNetworks:0
        {
            Assert.Equal(HttpStatusCode.NotAcceptable, (await OffersFrom(shop, From(proxy), ForwardedFor("198.51.100.23"))).Status);
            Assert.Equal(HttpStatusCode.NotAcceptable, (await OffersFrom(shop, From(proxy), ForwardedFor("2001:db8:bad::1"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await OffersFrom(shop, From(proxy), ForwardedFor("192.0.2.10"))).Status);
            // The proxy appends the address it saw; what the client put before it is not believed.
            Assert.Equal(HttpStatusCode.OK, (await OffersFrom(shop, From(proxy), ForwardedFor("198.51.100.23, 192.0.2.10"))).Status);
            Assert.Equal(HttpStatusCode.NotAcceptable, (await OffersFrom(shop, From(proxy), ForwardedFor("192.0.2.10, 198.51.100.23"))).Status);
        }
        await shop.StartAsync(offer.Id, "u", From(VpnLists.Proxy), ForwardedFor("192.0.2.44"));
        Assert.Equal("192.0.2.44", await ClickIpAsync(shop));
    }

    [Fact]
    public async Task BehindAProxyClickUrlsStartWithThePublicBaseUrl()
    {
        var (shop, offer) = await ShopAsync();
        var list = (await shop.GetAsync("/v1/client/offers", "u", null, From(VpnLists.Proxy), ForwardedFor("192.0.2.10"))).Data;
        var listed = list["offers"]!.AsArray().Single(o => (string?)o!["id"] == offer.Id)!;
        Assert.Equal($"https://wall.example.com/v1/client/offers/{offer.Id}/start", (string?)listed["click_url"]);
        // v2's browser links too.
        var id = await app.WithDb(db => db.Offers.Where(o => o.PublicId == offer.Id).Select(o => o.Id).SingleAsync());
        var v2 = (await shop.GetAsync("/v2/client/offers", "u", null, From(VpnLists.Proxy), ForwardedFor("192.0.2.10"))).Data;
        var v2Listed = v2["offers"]!.AsArray().Single(o => (long)o!["id"]! == id)!;
        Assert.StartsWith($"https://wall.example.com/v2/client/offers/{id}/click?token=", (string?)v2Listed["click_url"]);
        Assert.StartsWith($"https://wall.example.com/v2/client/offers/{id}/impression?token=", (string?)v2Listed["impression_url"]);
    }

    private Task<string> ClickIpAsync(Shop shop) =>
        app.WithDb(db => db.Clicks.Where(c => c.PartnerId == shop.PartnerId).Select(c => c.Ip).SingleAsync());
}
