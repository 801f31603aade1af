using System.Globalization;
using System.Net;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

/// <summary>ClientApi:PermitLimit requests per app token per ClientApi:Window (here 3 per minute), then 429.</summary>
public abstract class ClientRateLimitTests(AppFixture app)
{
    [Fact]
    public async Task RequestsBeyondTheLimitAnswer429AndChangeNothing()
    {
        var shop = await Shop.CreateAsync(app);
        var offer = await shop.ImportAsync([new { id = "0", name = "Install", payout = 1m, reward = 0.5m }]);
        for (var i = 0; i < TinyLimit.Permits; i++)
            Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync(i % 2 == 0 ? "/v1/client/offers" : "/v1/client/user/history", "u")).Status);

        var refused = await shop.PostAsync($"/v1/client/offers/{offer.Id}/start", "u");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Matches(ClientErrorsTests.EnvelopePattern("too many requests", "429 Too Many Requests"), refused.Text);
        var retryAfter = int.Parse(refused.Headers["Retry-After"], CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal((0, 0), await shop.FootprintAsync());                 // the refused start wrote no user and no click

        // Every endpoint is refused for this token, for any user.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await shop.GetAsync("/v2/client/offers", "someone-else")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await shop.DetailsAsync(offer.Id, "u")).Status);
    }

    [Fact]
    public async Task EachAppTokenHasItsOwnLimit()
    {
        var shop = await Shop.CreateAsync(app);
        var other = await shop.OtherPartnerAsync();
        for (var i = 0; i < TinyLimit.Permits; i++)
            Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/v1/client/offers", "u")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await shop.GetAsync("/v1/client/offers", "u")).Status);

        for (var i = 0; i < TinyLimit.Permits; i++)
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/client/offers", "u")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await other.GetAsync("/v1/client/offers", "u")).Status);
    }
}
