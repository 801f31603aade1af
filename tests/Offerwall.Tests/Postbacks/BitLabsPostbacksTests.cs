using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Postbacks;

/// <summary>
/// Partners whose code checks BitLabs' callbacks: the <c>bitlabs</c> format signs each postback with <c>hash</c> (HMAC-SHA1 of the whole URL,
/// appended last), BitLabs-style reversals carry negative amounts under their own transaction id, and the sub_id and tags a start carried
/// come back as {sub_id} and {tags}.
/// </summary>
public abstract class BitLabsPostbacksTests(AppFixture app) : IAsyncLifetime
{
    private const string Template = "/cb?uid={user_id}&tx={transaction_id}&val={reward_local_currency}&ref={ref}&sub={sub_id}&tags={tags}&rev={reverse}";
    private PostbackSink _sink = null!;

    public async ValueTask InitializeAsync() => _sink = await PostbackSink.StartAsync();

    public async ValueTask DisposeAsync() { await _sink.DisposeAsync(); GC.SuppressFinalize(this); }

    private async Task<Received> NextAsync()
    {
        await PostbackSink.WaitUntilAsync(() => Task.FromResult(!_sink.Requests.IsEmpty), "a postback");
        Assert.True(_sink.Requests.TryDequeue(out var got));
        return got;
    }

    /// <summary>BitLabs' recipe, as a partner's code runs it: the URL as received up to "&amp;hash=", HMAC-SHA1 under the secret, lowercase hex.</summary>
    private static void AssertBitLabsHash(string secret, string url)
    {
        var at = url.LastIndexOf("&hash=", StringComparison.Ordinal);
        Assert.True(at > 0, url);
        var expected = Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(url[..at])));
        Assert.Equal(expected, url[(at + "&hash=".Length)..]);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> StartAsync(Market m, string user, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/client/offers/{m.OfferId}/start?{query}");
        request.Headers.Add("X-Api-Token", m.AppToken);
        request.Headers.Add("X-User-Id", user);
        var response = await app.Client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task APostbackCarriesTheStartsLabelsAndAHashThatBitLabsRecipeVerifies()
    {
        var m = await Market.CreateAsync(app, postbackUrl: _sink.Url + Template, postbackFormat: "bitlabs");
        var (status, body) = await StartAsync(m, "u1", "sub_id=%20campaign-7%20&tags=" + Uri.EscapeDataString("Source=Push&placement=Home Screen"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync((string)body!["data"]!["tx_id"]!, m.Install)).Status);

        var got = await NextAsync();
        AssertBitLabsHash(m.PostbackSecret, got.Url);
        Assert.DoesNotContain("signature=", got.Url, StringComparison.Ordinal);
        var q = got.Query;
        Assert.Equal("u1", q["uid"]);
        Assert.Equal("50", q["val"]);
        Assert.Equal("campaign-7", q["sub"]);
        // Trimmed, lower-cased, one canonical URL-encoded query, as the tags' own rules say.
        Assert.Equal("source=push&placement=home%20screen", q["tags"]);
        Assert.Equal("", q["ref"]);

        // Changed on the way (here: the amount), the recipe fails.
        Assert.Throws<Xunit.Sdk.EqualException>(() => AssertBitLabsHash(m.PostbackSecret, got.Url.Replace("val=50", "val=500", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task NegativeReversalsGoUnderTheirOwnTransactionIdWithNegativeAmounts()
    {
        var m = await Market.CreateAsync(app, postbackUrl: _sink.Url + Template, postbackFormat: "bitlabs");
        await Market.AdminAsync(app, $"/admin/partners/{m.PartnerId}/postback",
            new { postback_url = _sink.Url + Template, postback_format = "bitlabs", negative_reversals = true });
        var tx = await m.StartAsync("u2");
        var (_, accepted) = await m.PostbackAsync(tx, m.Install);
        var id = ((long)accepted["transaction_id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var paid = await NextAsync();
        Assert.Equal(id, paid.Query["tx"]);
        Assert.Equal("50", paid.Query["val"]);

        Assert.Equal(HttpStatusCode.OK, (await m.PostbackAsync(tx, m.Install, [("reverse", "1")])).Status);
        var reversal = await NextAsync();
        AssertBitLabsHash(m.PostbackSecret, reversal.Url);
        Assert.Equal("r" + id, reversal.Query["tx"]);
        Assert.Equal("-50", reversal.Query["val"]);
        Assert.Equal(id, reversal.Query["ref"]);
        Assert.Equal("1", reversal.Query["rev"]);

        Assert.True(await app.WithDb(db => db.Partners.Where(p => p.Id == m.PartnerId).Select(p => p.NegativeReversals).SingleAsync()));
    }

    [Theory]
    [InlineData("sub_id=" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("tags=a%3D1%26a%3D2%26b")]
    [InlineData("tags=bad-key%3D1")]
    [InlineData("tags=k1%3D1%26k2%3D2%26k3%3D3%26k4%3D4%26k5%3D5%26k6%3D6%26k7%3D7%26k8%3D8%26k9%3D9%26k10%3D10%26k11%3D11")]
    [InlineData("tags=k%3D%25zz")]
    public async Task BadLabelsAreRefusedAndNoClickIsMade(string query)
    {
        var m = await Market.CreateAsync(app);
        var (status, body) = await StartAsync(m, "u3", query);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("error", (string?)body!["status"]);
        Assert.Equal(0, await app.WithDb(db => db.Clicks.CountAsync(c => c.PartnerId == m.PartnerId)));
    }
}
