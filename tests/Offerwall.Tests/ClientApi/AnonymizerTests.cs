using System.Net;
using MaxMind.GeoIP2;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

/// <summary>
/// The Anonymous IP database (Vpn:AnonymousIpDatabase, <see cref="VpnLists.AnonymousNetworks"/>): each flag that is switched on makes
/// the address an anonymizer (406 "vpn detected" for a partner that blocks VPNs, on every endpoint, the start included, writing nothing);
/// a flag switched off (residential proxies, in this fixture) and a record with no flag do not; and a partner that does not block VPNs
/// serves the user, its click recording what was detected.
/// </summary>
public abstract class AnonymizerTests(AppFixture app, VpnLists lists)
{
    private const string VpnBody =
        "^\\{\"error\":\\{\"details\":\\{\"msg\":\"vpn detected\",\"http\":\"406 Not Acceptable\"\\}\\},\"status\":\"error\",\"trace_id\":\"[0-9a-f]{16}\"\\}$";

    private static (string, string) From(string address) => ClientAddressStartupFilter.From(address);

    private async Task<(Shop Shop, ShopOffer Offer)> ShopAsync(bool blockVpn = true)
    {
        var shop = await Shop.CreateAsync(app);
        if (!blockVpn) await Market.AdminAsync(app, $"/admin/partners/{shop.PartnerId}/vpn-blocking", new { block_vpn = false });
        return (shop, await shop.ImportAsync([new { id = "0", name = "Install", payout = 1m, reward = 0.5m }]));
    }

    [Theory]
    [InlineData("100.64.1.9")]            // is_anonymous_vpn
    [InlineData("100.64.2.9")]            // is_public_proxy
    [InlineData("100.64.3.9")]            // is_tor_exit_node
    [InlineData("100.64.4.9")]            // is_hosting_provider
    [InlineData("100.64.7.9")]            // two flags
    [InlineData("2001:db8:a0::5")]        // IPv6, is_tor_exit_node
    [InlineData("::ffff:100.64.1.200")]   // IPv4 through an IPv6 socket
    public async Task AnAddressWithASwitchedOnFlagAnswers406OnEveryEndpointAndChangesNothing(string address)
    {
        var (shop, offer) = await ShopAsync();
        foreach (var (method, path) in ClientErrorsTests.Endpoints)
        {
            var answer = await Shop.SendAsync(app, new HttpMethod(method), path.Replace("{offer}", offer.Id, StringComparison.Ordinal),
                shop.AppToken, "u", From(address));
            Assert.Equal(HttpStatusCode.NotAcceptable, answer.Status);
            Assert.Matches(VpnBody, answer.Text);
        }
        Assert.Equal((0, 0), await shop.FootprintAsync());
    }

    [Theory]
    [InlineData("100.64.5.9")]            // is_residential_proxy, switched off by Vpn:AnonymousIp:ResidentialProxy=false
    [InlineData("100.64.6.9")]            // is_anonymous alone: no flag this server counts
    [InlineData("100.64.8.9")]            // no record
    [InlineData("2001:db8:a1::5")]
    public async Task AnAddressWithoutASwitchedOnFlagIsServed(string address)
    {
        var (shop, offer) = await ShopAsync();
        var answer = await Shop.SendAsync(app, HttpMethod.Post, $"/v1/client/offers/{offer.Id}/start", shop.AppToken, "u", From(address));
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("", await AnonymizerOfClickAsync(shop));
    }

    [Theory]
    [InlineData("100.64.1.9", "vpn")]
    [InlineData("100.64.7.9", "vpn,hosting")]
    [InlineData("2001:db8:a0::5", "tor")]
    [InlineData("198.51.100.23", "list,hosting")]   // in a list file and flagged by the database
    [InlineData("203.0.113.7", "list")]             // in a list file only
    [InlineData("100.64.5.9", "")]                  // a switched-off flag is not recorded either
    public async Task APartnerThatDoesNotBlockVpnsServesTheUserAndTheClickRecordsWhatWasDetected(string address, string recorded)
    {
        var (shop, offer) = await ShopAsync(blockVpn: false);
        var answer = await Shop.SendAsync(app, HttpMethod.Post, $"/v1/client/offers/{offer.Id}/start", shop.AppToken, "u", From(address));
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal(recorded, await AnonymizerOfClickAsync(shop));
    }

    [Fact]
    public void TheFixtureIsAnAnonymousIpDatabaseAsMaxMindsOwnReaderReadsIt()
    {
        using var reader = new DatabaseReader(lists.AnonymousDb);
        var vpn = reader.AnonymousIP("100.64.1.9");
        Assert.True(vpn.IsAnonymousVpn);
        Assert.False(vpn.IsHostingProvider);
        Assert.True(reader.AnonymousIP("100.64.7.9") is { IsAnonymousVpn: true, IsHostingProvider: true, IsTorExitNode: false });
        Assert.True(reader.AnonymousIP("2001:db8:a0::5").IsTorExitNode);
        Assert.True(reader.AnonymousIP("100.64.5.9").IsResidentialProxy);
    }

    private Task<string> AnonymizerOfClickAsync(Shop shop) =>
        app.WithDb(db => db.Clicks.Where(c => c.PartnerId == shop.PartnerId).Select(c => c.Anonymizer).SingleAsync());
}
