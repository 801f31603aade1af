using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

/// <summary>The operator rotates every secret and changes an advertiser's addresses from the command line, as through the admin API.</summary>
public abstract class CliSecretsTests(AppFixture app, string connectionString)
{
    private Task<CliRun> Cli(params string[] args) => CliRunner.RunAsync(app, connectionString, args);

    private Task<CliRun> Succeeds(params string[] args) => CliRunner.SucceedsAsync(app, connectionString, args);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task EveryPartnerSecretRotatesWithOrWithoutAGracePeriod()
    {
        var m = await Market.CreateAsync(app);
        // The command line runs on the real clock, later than the server's fake one: a grace period seen from the server is still running.
        var token = (await Succeeds("partners", "rotate-app-token", "--id", Id(m.PartnerId), "--grace-hours", "1")).Value("App token (client API)");
        Assert.Equal(HttpStatusCode.OK, (await Shop.SendAsync(app, HttpMethod.Get, "/v1/client/offers", token, "u")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Shop.SendAsync(app, HttpMethod.Get, "/v1/client/offers", m.AppToken, "u")).Status);

        var secret = (await Succeeds("partners", "rotate-postback-secret", "--id", Id(m.PartnerId))).Value("Postback secret");
        var stored = await app.WithDb(db => db.Partners.AsNoTracking().SingleAsync(p => p.Id == m.PartnerId));
        Assert.Equal((secret, null), (stored.PostbackSecret, stored.PreviousPostbackSecret));

        var key = (await Succeeds("partners", "rotate-key", "--id", Id(m.PartnerId), "--grace-hours", "2")).Value("Server key (Data API)");
        foreach (var usable in new[] { key, m.ServerKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/data/partner/conversions");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", usable);
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request)).StatusCode);
        }

        var bad = await Cli("partners", "rotate-key", "--id", Id(m.PartnerId), "--grace-hours", "721");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("--grace-hours must be a whole number from 0 to 720", bad.Output, StringComparison.Ordinal);
        var unknown = await Cli("partners", "rotate-app-token", "--id", "999999999");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("No partner has id 999999999.", unknown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdvertisersSecretRotatesAndItsAddressesChange()
    {
        var m = await Market.CreateAsync(app);
        var secret = (await Succeeds("advertisers", "rotate-secret", "--id", Id(m.AdvertiserId), "--grace-hours", "24")).Value("Secret");
        Assert.Equal(HttpStatusCode.OK, (await Market.SendPostbackAsync(app.Client, secret, await m.StartAsync("new"), m.Install)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Market.SendPostbackAsync(app.Client, m.Secret, await m.StartAsync("old"), m.Install)).Status);

        await Succeeds("advertisers", "allowed-ips", "--id", Id(m.AdvertiserId), "--allowed-ips", "203.0.113.0/24, 2001:db8::/32", "--ip-only");
        var advertiser = await app.WithDb(db => db.Advertisers.AsNoTracking().SingleAsync(a => a.Id == m.AdvertiserId));
        Assert.Equal(("203.0.113.0/24,2001:db8::/32", true), (advertiser.AllowedIps, advertiser.IpOnlyAuth));
        var listed = await Succeeds("advertisers", "list");
        Assert.Matches(@"203\.0\.113\.0/24,2001:db8::/32\s+\W*\s*yes", listed.Row(m.AdvertiserId));
        Assert.DoesNotContain(secret, listed.Output, StringComparison.Ordinal);

        var refused = await Cli("advertisers", "allowed-ips", "--id", Id(m.AdvertiserId), "--allowed-ips", "", "--ip-only");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("ip_only_auth", refused.Output, StringComparison.Ordinal);
        Assert.True(await app.WithDb(db => db.Advertisers.Where(a => a.Id == m.AdvertiserId).Select(a => a.IpOnlyAuth).SingleAsync()));
    }
}
