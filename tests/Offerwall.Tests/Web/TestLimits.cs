using System.Globalization;
using Microsoft.AspNetCore.TestHost;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Web;

/// <summary>
/// Servers with limits small enough to reach in a test, one area's at a time (the others keep their
/// defaults, so a test's own setup is never refused), all windows a minute or longer so none ends
/// during a test. Each request says which client address it comes from (<see cref="ClientAddressStartupFilter"/>):
/// tests give each address, partner, user and advertiser to one test only.
/// </summary>
public static class TestLimits
{
    public const int TokenPermits = 10, UserPermits = 3, ClientAddressPermits = 6, UnknownTokenPermits = 3;
    public const int PartnerPermits = 4, PartnerAddressPermits = 6, FailedKeyPermits = 2;
    public const int DeliveredReplayPermits = 2, TestPostbackPermits = 2;
    public const int AdvertiserPermits = 3, AdvertiserAddressPermits = 5;

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static readonly KeyValuePair<string, string?>[] Client =
    [
        new("ClientApi:PermitLimit", N(TokenPermits)), new("ClientApi:Window", "00:01:00"),
        new("ClientApi:PerUser:PermitLimit", N(UserPermits)), new("ClientApi:PerUser:Window", "00:01:00"),
        new("ClientApi:PerAddress:PermitLimit", N(ClientAddressPermits)), new("ClientApi:PerAddress:Window", "00:01:00"),
        new("ClientApi:UnknownTokens:PermitLimit", N(UnknownTokenPermits)), new("ClientApi:UnknownTokens:Window", "00:01:00"),
    ];

    public static readonly KeyValuePair<string, string?>[] Partner =
    [
        new("PartnerApi:PerPartner:PermitLimit", N(PartnerPermits)), new("PartnerApi:PerPartner:Window", "00:01:00"),
        new("PartnerApi:PerAddress:PermitLimit", N(PartnerAddressPermits)), new("PartnerApi:PerAddress:Window", "00:01:00"),
        new("PartnerApi:FailedKeysPerAddress:PermitLimit", N(FailedKeyPermits)), new("PartnerApi:FailedKeysPerAddress:Window", "00:01:00"),
    ];

    /// <summary>Replays and test postbacks; no postback worker (deliveries stay as a test leaves them), postbacks to 127.0.0.1 allowed (the sink).</summary>
    public static readonly KeyValuePair<string, string?>[] Postbacks =
    [
        new("PartnerApi:DeliveredReplays:PermitLimit", N(DeliveredReplayPermits)), new("PartnerApi:DeliveredReplays:Window", "01:00:00"),
        new("PartnerApi:TestPostbacks:PermitLimit", N(TestPostbackPermits)), new("PartnerApi:TestPostbacks:Window", "00:01:00"),
        new("Postbacks:Enabled", "false"), new("Postbacks:AllowPrivateNetworks", "true"), new("Postbacks:Timeout", "00:00:05"),
    ];

    public static readonly KeyValuePair<string, string?>[] Advertiser =
    [
        new("AdvertiserPostbacks:PerAdvertiser:PermitLimit", N(AdvertiserPermits)), new("AdvertiserPostbacks:PerAdvertiser:Window", "00:01:00"),
        new("AdvertiserPostbacks:PerAddress:PermitLimit", N(AdvertiserAddressPermits)), new("AdvertiserPostbacks:PerAddress:Window", "00:01:00"),
    ];

    /// <summary>Every rate limit out of the way, for servers that send far more than real traffic from one address (the fuzzer).</summary>
    public static readonly KeyValuePair<string, string?>[] Lifted =
    [
        .. new[]
        {
            "ClientApi:PermitLimit", "ClientApi:PerUser:PermitLimit", "ClientApi:PerAddress:PermitLimit", "ClientApi:UnknownTokens:PermitLimit",
            "PartnerApi:PerPartner:PermitLimit", "PartnerApi:PerAddress:PermitLimit", "PartnerApi:FailedKeysPerAddress:PermitLimit",
            "PartnerApi:DeliveredReplays:PermitLimit", "PartnerApi:TestPostbacks:PermitLimit",
            "AdvertiserPostbacks:PerAdvertiser:PermitLimit", "AdvertiserPostbacks:PerAddress:PermitLimit",
        }.Select(setting => new KeyValuePair<string, string?>(setting, "1000000")),
    ];

    /// <summary>An HTTP client of the fixture's server whose requests come from <paramref name="address"/>.</summary>
    public static HttpClient From(AppFixture app, string address)
    {
        var client = app.App.GetTestClient();
        client.DefaultRequestHeaders.Add(ClientAddressStartupFilter.Header, address);
        return client;
    }
}
