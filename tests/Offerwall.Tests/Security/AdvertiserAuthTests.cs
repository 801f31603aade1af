using System.Net;
using System.Text.Json.Nodes;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>
/// The default configuration (no trusted proxy): an allowlist alone never credits anybody unless the
/// operator opted the advertiser in to IP-only authentication, and then only from the real peer address.
/// </summary>
public abstract class AdvertiserAuthTests(AppFixture app, LogRecorder logs)
{
    [Fact]
    public async Task AnAllowlistedAddressWithoutASignatureIsRefusedUnlessTheOperatorOptedIn()
    {
        var m = await Market.CreateAsync(app);
        await UnsignedPostback.AllowAsync(app, m, ipOnly: false);
        var tx = await m.StartAsync("u");
        var (status, body) = await UnsignedPostback.SendAsync(app, m, tx, "203.0.113.5");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_signature", (string?)body["error"]!["code"]);
        Assert.Equal(0, await UnsignedPostback.ConversionsAsync(app, m));
        // The advertiser's own signed postback still works.
        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(tx, m.Install)).Status);
    }

    [Fact]
    public async Task OptedInTheRealPeerAddressAuthenticatesAndEachAcceptanceIsLogged()
    {
        var m = await Market.CreateAsync(app);
        var answer = await UnsignedPostback.AllowAsync(app, m, ipOnly: true);
        Assert.True((bool)answer["ip_only_auth"]!);
        var tx = await m.StartAsync("u");
        var (status, body) = await UnsignedPostback.SendAsync(app, m, tx, "203.0.113.5");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("approved", (string?)body["conversion_status"]);
        Assert.Single(await m.LedgerAsync());
        Assert.Contains(logs.Lines, l => l.Contains($"Advertiser {m.AdvertiserId}: unsigned postback accepted on IP-only authentication from 203.0.113.5", StringComparison.Ordinal)
                                         && l.Contains(tx, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AForgedForwardedForCreditsNobody()
    {
        var m = await Market.CreateAsync(app);
        await UnsignedPostback.AllowAsync(app, m, ipOnly: true);
        var tx = await m.StartAsync("u");
        // The attack of the finding: the user's own tx_id, an unsigned approval, and a listed address in the header.
        foreach (var forged in new[] { "203.0.113.5", "192.0.2.1, 203.0.113.5", "203.0.113.5, 203.0.113.6" })
        {
            var (status, _) = await UnsignedPostback.SendAsync(app, m, tx, "192.0.2.10", ("X-Forwarded-For", forged));
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }
        Assert.Equal(0, await UnsignedPostback.ConversionsAsync(app, m));
        Assert.Empty(await m.LedgerAsync());
    }

    [Fact]
    public async Task IpOnlyAuthenticationNeedsAnAddressAndTheAllowlistCanBeChanged()
    {
        var m = await Market.CreateAsync(app);
        await Market.AdminAsync(app, $"/admin/advertisers/{m.AdvertiserId}/allowed-ips", new { allowed_ips = "", ip_only_auth = true }, HttpStatusCode.BadRequest);
        await Market.AdminAsync(app, $"/admin/advertisers/{m.AdvertiserId}/allowed-ips", new { allowed_ips = "203.0.113.0/33" }, HttpStatusCode.BadRequest);
        await Market.AdminAsync(app, "/admin/advertisers/999999999/allowed-ips", new { allowed_ips = "203.0.113.1" }, HttpStatusCode.NotFound);
        await Market.AdminAsync(app, "/admin/advertisers", new { name = "IP only, no IPs", ip_only_auth = true }, HttpStatusCode.BadRequest);

        await UnsignedPostback.AllowAsync(app, m, ipOnly: true);
        await Market.AdminAsync(app, $"/admin/advertisers/{m.AdvertiserId}/allowed-ips", new { allowed_ips = "198.51.100.7", ip_only_auth = true });
        var tx = await m.StartAsync("u");
        Assert.Equal(HttpStatusCode.Unauthorized, (await UnsignedPostback.SendAsync(app, m, tx, "203.0.113.5")).Status);
        Assert.Equal(HttpStatusCode.OK, (await UnsignedPostback.SendAsync(app, m, tx, "198.51.100.7")).Status);

        var listed = await AdminListAsync();
        var advertiser = listed.Single(a => (long)a!["id"]! == m.AdvertiserId)!;
        Assert.Equal(("198.51.100.7", true), ((string)advertiser["allowed_ips"]!, (bool)advertiser["ip_only_auth"]!));
        Assert.DoesNotContain(m.Secret, listed.ToJsonString(), StringComparison.Ordinal);
    }

    private async Task<JsonArray> AdminListAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/advertisers");
        request.Headers.Authorization = new("Bearer", AppFixture.AdminToken);
        var response = await app.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }
}
