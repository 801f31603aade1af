using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;
using Offerwall.Hosting;
using Offerwall.Web;

namespace Offerwall.Tests.Web;

/// <summary>The rate limits' shared parts that need no server: the client address as a key, and the start-up check of the settings.</summary>
public sealed class RateLimitTests
{
    private static UInt128 Key(string address) => RateLimits.AddressKey(IPAddress.Parse(address));

    [Fact]
    public void AnIPv4AddressIsOneKeyAlsoSeenThroughAnIPv6Socket()
    {
        Assert.Equal(Key("198.51.100.23"), Key("::ffff:198.51.100.23"));
        Assert.NotEqual(Key("198.51.100.23"), Key("198.51.100.24"));
    }

    [Fact]
    public void AnIPv6AddressCountsWithTheRestOfItsSlash64()
    {
        // One subscriber's /64 is one client: taking another address in it earns no new allowance.
        Assert.Equal(Key("2001:db8:1:2::1"), Key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        Assert.NotEqual(Key("2001:db8:1:2::1"), Key("2001:db8:1:3::1"));
        // Never the same key as an IPv4 address, nor as no address.
        Assert.NotEqual(Key("::1"), Key("0.0.0.1"));
        Assert.NotEqual(Key("2001:db8::"), RateLimits.AddressKey(null));
    }

    [Theory]
    [InlineData("ClientApi:PermitLimit", "0")]
    [InlineData("ClientApi:PerUser:PermitLimit", "0")]
    [InlineData("ClientApi:PerAddress:Window", "00:00:00")]
    [InlineData("PartnerApi:DeliveredReplays:PermitLimit", "-1")]
    [InlineData("AdvertiserPostbacks:PerAdvertiser:Window", "-00:00:01")]
    public async Task ALimitThatIsNotPositiveStopsTheServerAtStart(string setting, string value)
    {
        await using var app = OfferwallApp.Build(
            [
                $"--{setting}={value}", "--Demo:Enabled=false", "--Approval:Enabled=false", "--Postbacks:Enabled=false",
                "--Database:ConnectionString=Data Source=:memory:", "--Logging:LogLevel:Default=None",
            ],
            builder => builder.WebHost.UseTestServer());
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("rate limit", error.Message);
    }
}
