using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>
/// The shipped default: no trusted proxy is configured, so X-Forwarded-For and X-Forwarded-Proto
/// are ignored from everyone. (ASP.NET Core's middleware believes every sender when its proxy lists
/// are empty; the server must not.)
/// </summary>
public abstract class DefaultProxyTrustTests(AppFixture app)
{
    private static (string, string) From(string address) => ClientAddressStartupFilter.From(address);

    private async Task<(Shop Shop, ShopOffer Offer)> ShopAsync()
    {
        var shop = await Shop.CreateAsync(app);
        return (shop, await shop.ImportAsync([new { id = "0", name = "Install", payout = 1m, reward = 0.5m }]));
    }

    [Fact]
    public async Task TheVpnBlockHoldsAgainstAForwardedForHeader()
    {
        var (shop, offer) = await ShopAsync();
        var blocked = await shop.GetAsync("/v1/client/offers", "u", null, From("198.51.100.23"));
        Assert.Equal(HttpStatusCode.NotAcceptable, blocked.Status);
        foreach (var forged in new[] { "192.0.2.10", "192.0.2.10, 192.0.2.11", "unknown" })
        {
            Assert.Equal(HttpStatusCode.NotAcceptable, (await shop.GetAsync("/v1/client/offers", "u", null, From("198.51.100.23"), ("X-Forwarded-For", forged))).Status);
            Assert.Equal(HttpStatusCode.NotAcceptable,
                (await shop.PostAsync($"/v1/client/offers/{offer.Id}/start", "u", null, From("198.51.100.23"), ("X-Forwarded-For", forged))).Status);
        }
        Assert.Equal((0, 0), await shop.FootprintAsync());
        // Nor can a header get a clean user blocked.
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/v1/client/offers", "u", null, From("192.0.2.10"), ("X-Forwarded-For", "198.51.100.23"))).Status);
    }

    [Fact]
    public async Task TheClickStoresTheRealPeerAddress()
    {
        var (shop, offer) = await ShopAsync();
        await shop.StartAsync(offer.Id, "u", From("192.0.2.10"), ("X-Forwarded-For", "192.0.2.45"));
        Assert.Equal("192.0.2.10", await app.WithDb(db => db.Clicks.Where(c => c.PartnerId == shop.PartnerId).Select(c => c.Ip).SingleAsync()));
    }

    [Fact]
    public async Task ForwardedProtoChangesNoLink()
    {
        var (shop, offer) = await ShopAsync();
        var list = await shop.GetAsync("/v1/client/offers", "u", null, ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "evil.example"));
        var listed = list.Data["offers"]!.AsArray().Single(o => (string?)o!["id"] == offer.Id)!;
        Assert.Equal($"http://localhost/v1/client/offers/{offer.Id}/start", (string?)listed["click_url"]);

        var market = await Market.CreateAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/partner/conversions?per_page=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", market.ServerKey);
        request.Headers.Add("X-Forwarded-Proto", "https");
        var page = JsonNode.Parse(await (await app.Client.SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.Equal("http://localhost/data/partner/conversions", (string?)page["meta"]!["path"]);
        Assert.StartsWith("http://localhost/", (string?)page["links"]!["first"]);
    }
}
