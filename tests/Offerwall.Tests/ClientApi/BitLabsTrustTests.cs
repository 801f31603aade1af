using System.Net;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.ClientApi;

/// <summary>GET /v2/client/offers where the operator trusts client_ip (ClientApi:TrustClientIp): it decides the user's country.</summary>
public abstract class BitLabsTrustTests(AppFixture app)
{
    [Fact]
    public async Task ClientIpDecidesTheCountryWhenTrusted()
    {
        var shop = await Shop.CreateAsync(app);
        var fr = await shop.ImportAsync([new { id = "0", name = "Go", payout = 1m, reward = 0.5m }], new() { ["countries"] = new[] { "FR" } });
        var br = await shop.ImportAsync([new { id = "0", name = "Go", payout = 1m, reward = 0.5m }], new() { ["countries"] = new[] { "BR" } });
        var ids = await app.WithDb(db => db.Offers.Where(o => o.PublicId == fr.Id || o.PublicId == br.Id).OrderBy(o => o.Id).Select(o => o.Id).ToListAsync());

        async Task<long[]> Listed(string query)
        {
            var answer = await shop.GetAsync("/v2/client/offers" + query, "u", null, ClientAddressStartupFilter.From(GeoWorld.BrazilV4));
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            return [.. answer.Data["offers"]!.AsArray().Select(o => (long)o!["id"]!).Where(ids.Contains)];
        }

        Assert.Equal([ids[1]], await Listed(""));
        Assert.Equal([ids[0]], await Listed("?client_ip=" + GeoWorld.FranceV4));
        Assert.Equal([ids[0]], await Listed("?client_ip=" + Uri.EscapeDataString(GeoWorld.FranceV6)));
    }
}
