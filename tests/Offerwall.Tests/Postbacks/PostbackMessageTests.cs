using System.Net;
using Offerwall.Postbacks;
using Offerwall.Web;

namespace Offerwall.Tests.Postbacks;

/// <summary>Rendering, signing, the retry ladder and the SSRF guard, as pure functions.</summary>
public sealed class PostbackMessageTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["user_id"] = "Player One", ["transaction_id"] = "98192", ["reward"] = "0.5", ["reward_local_currency"] = "50", ["payout"] = "0.75",
        ["offer_id"] = "RgZBTfvzQmI1", ["offer_name"] = "Club Vegas Slots 1", ["goal_id"] = "RgZBTfvzQmI1_0", ["note"] = "Installed", ["reverse"] = "0",
        ["type"] = "offer", ["survey_id"] = "", ["date_time"] = "2026-11-23 01:45:59", ["status"] = "approved", ["delivery_id"] = "7",
    };

    [Fact]
    public void GetMatchesThePublishedWorkedExample()
    {
        const string template = "https://partner.example.com/postback?user_id={user_id}&transaction_id={transaction_id}&reward={reward}" +
                                "&reward_local_currency={reward_local_currency}&payout={payout}&offer_id={offer_id}&goal_id={goal_id}&reverse={reverse}&status={status}";
        var request = PostbackMessage.Get(template, "demo_coinquest_postback_secret", Values, 7);
        // docs/postbacks.md: the URL before &signature=, and its signature (computed independently with Python's hmac).
        Assert.Equal("https://partner.example.com/postback?user_id=Player%20One&transaction_id=98192&reward=0.5&reward_local_currency=50&payout=0.75" +
                     "&offer_id=RgZBTfvzQmI1&goal_id=RgZBTfvzQmI1_0&reverse=0&status=approved" +
                     "&signature=ff50f5c9d949b1dfdcbd334a8d2a82672ca902566cf06d37ca5e5a7d649b10fe", request.Url);
    }

    [Fact]
    public void BitLabsHashReproducesBitLabsPublishedExample()
    {
        // BitLabs' callback documentation: this URL under this app secret hashes to this value (HMAC-SHA1, lowercase hex).
        const string secret = "JLOIAUNMHFli7ZJOQVEzm98rzqnm9";
        var values = new Dictionary<string, string> { ["user_id"] = "8cc877ee-af19-488d-b28d-216fb866b996", ["reward_local_currency"] = "500" };
        var request = PostbackMessage.Get("https://publisher.com/complete?uid={user_id}&val={reward_local_currency}", secret, values, 1, bitLabs: true);
        Assert.Equal("https://publisher.com/complete?uid=8cc877ee-af19-488d-b28d-216fb866b996&val=500&hash=dbcd6bb8ca677344592842a52b4fca9bec36cd4b",
            request.Url);
        Assert.Equal("dbcd6bb8ca677344592842a52b4fca9bec36cd4b",
            Hmac.Sha1Hex(secret, "https://publisher.com/complete?uid=8cc877ee-af19-488d-b28d-216fb866b996&val=500"));
        // A {hash} placeholder in the template is dropped, as {signature} is: the hash always comes last.
        Assert.Equal(request.Url,
            PostbackMessage.Get("https://publisher.com/complete?hash={hash}&uid={user_id}&val={reward_local_currency}", secret, values, 1, bitLabs: true).Url);
    }

    [Fact]
    public void NegativeReversalsNegateTheAmountsOfReversalsOnly()
    {
        var reversal = new Dictionary<string, string>(Values) { ["reverse"] = "1", ["ref"] = "98192" };
        var sent = PostbackSender.AsNegativeReversal(reversal);
        Assert.Equal(("-0.5", "-50", "-0.75", "r98192", "98192"),
            (sent["reward"], sent["reward_local_currency"], sent["payout"], sent["transaction_id"], sent["ref"]));
        Assert.Same(Values, PostbackSender.AsNegativeReversal(Values));
        Assert.Equal("0", PostbackSender.AsNegativeReversal(new Dictionary<string, string>(reversal) { ["payout"] = "0" })["payout"]);
    }

    [Theory]
    [InlineData("https://p.example/cb", "https://p.example/cb?signature=")]
    [InlineData("https://p.example/cb?sig={signature}&u={user_id}", "https://p.example/cb?u=Player%20One&signature=")]
    [InlineData("https://p.example/cb?u={user_id}&s={signature}", "https://p.example/cb?u=Player%20One&signature=")]
    [InlineData("https://p.example/cb?n={offer_name}&d={date_time}", "https://p.example/cb?n=Club%20Vegas%20Slots%201&d=2026-11-23%2001%3A45%3A59&signature=")]
    public void SignatureIsAlwaysAppendedLastAndMacrosAreEncoded(string template, string prefix)
    {
        var url = PostbackMessage.Get(template, "s", Values, 7).Url;
        Assert.StartsWith(prefix, url);
        var signed = url[..url.LastIndexOf("signature=", StringComparison.Ordinal)][..^1];
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("s"u8, System.Text.Encoding.UTF8.GetBytes(signed))),
            url[(url.LastIndexOf('=') + 1)..]);
    }

    [Fact]
    public void LadderWaitsGrowWithJitterAndEndInDeath()
    {
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var ladder = PostbackOptions.DefaultLadder;
        Assert.Equal(now.AddSeconds(5), RetryLadder.Next(ladder, 1, 0.1, 0.5, now));
        Assert.Equal(now.AddSeconds(4.5), RetryLadder.Next(ladder, 1, 0.1, 0.0, now));
        Assert.Equal(now.AddHours(24), RetryLadder.Next(ladder, 10, 0.1, 0.5, now));
        Assert.Null(RetryLadder.Next(ladder, 11, 0.1, 0.5, now));
        Assert.True(ladder.Aggregate(TimeSpan.Zero, (a, b) => a + b) > TimeSpan.FromDays(3));
    }

    [Theory]
    [InlineData("http://127.0.0.1/cb", false)]
    [InlineData("http://localhost:8080/cb", false)]
    [InlineData("http://10.1.2.3/cb", false)]
    [InlineData("http://172.20.0.1/cb", false)]
    [InlineData("http://192.168.1.1/cb", false)]
    [InlineData("http://169.254.169.254/latest/meta-data", false)]
    [InlineData("http://[::1]/cb", false)]
    [InlineData("http://[fd00::1]/cb", false)]
    [InlineData("ftp://partner.example/cb", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("not a url", false)]
    [InlineData("https://partner.example/cb?u={user_id}", true)]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/cb", false)]
    [InlineData("http://203.0.113.10/cb", false)]   // documentation ranges are refused too (NetworkGuard.cs says why)
    [InlineData("http://8.8.8.8/cb", true)]
    public void PrivateAndNonHttpUrlsAreRefused(string url, bool accepted) =>
        Assert.Equal(accepted, NetworkGuard.Refusal(url, allowPrivate: false) is null);

    [Fact]
    public void OperatorMayAllowPrivateNetworks() =>
        Assert.Null(NetworkGuard.Refusal("http://127.0.0.1:9000/cb", allowPrivate: true));

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("100.64.0.1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("2001:4860::8888", true)]
    public void PublicAddressesAreTheOnlyOnesReachable(string address, bool isPublic) =>
        Assert.Equal(isPublic, NetworkGuard.IsPublic(IPAddress.Parse(address)));
}
