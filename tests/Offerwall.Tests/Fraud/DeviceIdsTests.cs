using System.Net;
using System.Web;
using Microsoft.EntityFrameworkCore;
using Offerwall.Tests.ClientApi;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Fraud;

/// <summary>
/// The device ids a start sends (device_id, idfa, gaid): kept on the click with the device as the rules count it, an all-zero
/// advertising id taken as absent, a malformed one refused with 400 in the client API's envelope (nothing written), and the tracking
/// link's macros {device_id} {idfa} {gaid} {ip} {user_agent} (and {sub_id}, the partner's label of the start).
/// </summary>
public abstract class DeviceIdsTests(AppFixture app)
{
    private const string Macros = "https://track.example/c?tx={tx_id}&d={device_id}&i={idfa}&g={gaid}&ip={ip}&ua={user_agent}&s={sub_id}";
    private const string Idfa = "6D92078A-8246-4BA4-AE5B-76104861E7DC";
    private const string Gaid = "38400000-8cf0-11bd-b23e-10b96e40000d";

    private Task<(string DeviceId, string Idfa, string Gaid, string Key, string Ip)> ClickAsync(string tx) => app.WithDb(async db =>
        await db.Clicks.Where(c => c.TxId == tx).Select(c => new ValueTuple<string, string, string, string, string>(c.DeviceId, c.Idfa, c.Gaid, c.DeviceKey, c.Ip))
            .SingleAsync());

    /// <summary>The client API's 400: exactly its envelope, with the message.</summary>
    private static string BadRequest(ClientAnswer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.Text);
        Assert.Equal(["error", "status", "trace_id"], SeedKeys.Of(answer.Body));
        Assert.Equal("400 Bad Request", (string?)answer.Body["error"]!["details"]!["http"]);
        Assert.Equal("error", (string?)answer.Body["status"]);
        return (string)answer.Body["error"]!["details"]!["msg"]!;
    }

    [Fact]
    public async Task TheClickKeepsTheDeviceIdsAndCountsTheAdvertisingIdFirst()
    {
        var rig = await Rig.CreateAsync(app);
        var offer = await rig.OfferAsync();
        var all = await rig.StartAsync(offer, "all-three", $"?device_id=%20App-Device-1%20&idfa={Idfa.ToLowerInvariant()}&gaid={Gaid.ToUpperInvariant()}");
        Assert.Equal(("App-Device-1", Idfa, Gaid, Idfa.ToLowerInvariant(), "127.0.0.1"), await ClickAsync(all));
        var limited = await rig.StartAsync(offer, "limited", $"?device_id=App-Device-2&idfa=00000000-0000-0000-0000-000000000000&gaid={Gaid}");
        Assert.Equal(("App-Device-2", "", Gaid, Gaid, "127.0.0.1"), await ClickAsync(limited));
        var appOnly = await rig.StartAsync(offer, "app-only", "?device_id=App-Device-3&gaid=00000000-0000-0000-0000-000000000000");
        Assert.Equal(("App-Device-3", "", "", "app-device-3", "127.0.0.1"), await ClickAsync(appOnly));
        var none = await rig.StartAsync(offer, "none", "?device_id=&idfa=");
        Assert.Equal(("", "", "", "", "127.0.0.1"), await ClickAsync(none));
        var longest = await rig.StartAsync(offer, "longest", "?device_id=" + new string('x', 128));
        Assert.Equal(128, (await ClickAsync(longest)).DeviceId.Length);
        // A restart keeps its click, and so its first device ids.
        Assert.Equal(all, await rig.StartAsync(offer, "all-three", "?device_id=Another"));
        Assert.Equal("App-Device-1", (await ClickAsync(all)).DeviceId);
    }

    [Fact]
    public async Task AMalformedDeviceIdIsRefusedInTheEnvelopeAndWritesNothing()
    {
        var rig = await Rig.CreateAsync(app);
        var offer = await rig.OfferAsync();
        var before = await rig.Desk.FootprintAsync();
        var cases = new (string Query, string Message)[]
        {
            ("?idfa=not-a-uuid", "idfa must be a UUID"),
            ("?idfa=6D92078A82464BA4AE5B76104861E7DC", "idfa must be a UUID"),
            ($"?idfa={Idfa}&gaid=123", "gaid must be a UUID"),
            ("?device_id=" + new string('x', 129), "device_id must be at most 128 printable characters"),
            ("?device_id=a%01b", "device_id must be at most 128 printable characters"),
        };
        foreach (var (query, message) in cases)
            Assert.Equal(message, BadRequest(await rig.Desk.StartAsync(offer, "bad-device", query)));
        Assert.Equal(before, await rig.Desk.FootprintAsync());
    }

    [Fact]
    public async Task TheTrackingLinkCarriesTheDeviceIdsAddressAndUserAgent()
    {
        var rig = await Rig.CreateAsync(app);
        var offer = await rig.OfferAsync(trackingUrl: Macros);
        const string Agent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) Test&Agent=1";
        var (_, link) = await rig.Desk.StartedAsync(offer, "linked", $"?device_id=my%20phone&idfa={Idfa}&gaid={Gaid}&sub_id=Sub%201", ("User-Agent", Agent));
        var query = HttpUtility.ParseQueryString(link.Query);
        Assert.Equal(("my phone", Idfa, Gaid, "127.0.0.1", Agent, "Sub 1"), (query["d"], query["i"], query["g"], query["ip"], query["ua"], query["s"]));
        // Not sent: empty.
        var (_, bare) = await rig.Desk.StartedAsync(offer, "bare");
        Assert.EndsWith("&d=&i=&g=&ip=127.0.0.1&ua=&s=", bare.ToString());
    }
}
