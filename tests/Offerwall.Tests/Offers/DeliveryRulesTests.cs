using System.Globalization;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

/// <summary>
/// Platforms and OS version bounds (from user agents and the app's os_version), the schedule's edges on the fake clock, and the
/// start's refusals (403 in the client API's envelope, nothing written) for every rule: the list and the start agree.
/// </summary>
public abstract class DeliveryRulesTests(AppFixture app)
{
    private const string Ios13 = "Mozilla/5.0 (iPhone; CPU iPhone OS 13_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.2 Mobile/15E148 Safari/604.1";
    private const string Ios14 = "Mozilla/5.0 (iPhone; CPU iPhone OS 14_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0 Mobile/15E148 Safari/604.1";
    private const string Ios1741 = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1";
    private const string Ios175 = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private const string IPadOs13 = "Mozilla/5.0 (iPad; CPU OS 13_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.2 Mobile/15E148 Safari/604.1";
    private const string Android11 = "Mozilla/5.0 (Linux; Android 11; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.210 Mobile Safari/537.36";
    private const string AndroidReduced = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    private const string Desktop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTime WholeSecond(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    [Fact]
    public async Task OsVersionBoundsTakeTheUserAgentsVersionOrTheAppsAndNoUnknownOne()
    {
        var desk = await Desk.CreateAsync(app);
        var ios14To174 = await desk.ImportAsync(new() { ["platforms"] = new[] { "ios" }, ["min_os_version"] = "14", ["max_os_version"] = "17.4" });
        var android12Up = await desk.ImportAsync(new() { ["platforms"] = new[] { "android" }, ["min_os_version"] = "12" });
        var anyPlatformUpTo17 = await desk.ImportAsync(new() { ["max_os_version"] = "17" });
        string[] all = [ios14To174, android12Up, anyPlatformUpTo17];

        var cases = new (string UserAgent, string Query, string[] Shown)[]
        {
            (Ios13, "", [anyPlatformUpTo17]),                             // below min
            (Ios14, "", [ios14To174, anyPlatformUpTo17]),                 // min is inclusive
            (Ios1741, "", [ios14To174, anyPlatformUpTo17]),               // max "17.4" takes every 17.4.x
            (Ios175, "", [anyPlatformUpTo17]),                            // above "17.4", within "17"
            (IPadOs13, "?os_version=17.4", [ios14To174, anyPlatformUpTo17]), // the app's os_version over the user agent's
            (Desk.Android14, "", [android12Up, anyPlatformUpTo17]),
            (Android11, "", [anyPlatformUpTo17]),
            (AndroidReduced, "", []),                                     // Chrome's reduced "Android 10; K": version unknown, no bound takes it
            (AndroidReduced, "?os_version=12", [android12Up, anyPlatformUpTo17]),
            (AndroidReduced, "?os_version=18.0.1", [android12Up]),
            (Desktop, "", []),                                            // the web has no OS version
            (Desktop, "?platform=ios&os_version=16.2", [ios14To174, anyPlatformUpTo17]),
        };
        foreach (var (userAgent, query, shown) in cases)
        {
            var seen = await desk.OffersAsync("u", all, query, ("User-Agent", userAgent));
            Assert.True(shown.Order(StringComparer.Ordinal).SequenceEqual(seen), $"{userAgent} {query}: saw {string.Join(", ", seen)}");
        }

        // The start takes the same devices as the list.
        var before = await desk.FootprintAsync();
        Assert.Equal("offer not available on your device", Desk.Refusal(await desk.StartAsync(ios14To174, "old-iphone", "", ("User-Agent", Ios13))));
        Assert.Equal("offer not available on your device", Desk.Refusal(await desk.StartAsync(android12Up, "reduced", "", ("User-Agent", AndroidReduced))));
        Assert.Equal(before, await desk.FootprintAsync());
        await desk.StartedAsync(android12Up, "reduced", "?os_version=13", ("User-Agent", AndroidReduced));
        await desk.StartedAsync(ios14To174, "old-iphone", "?os_version=14.0.1", ("User-Agent", Ios13));
    }

    [Fact]
    public async Task AScheduleOpensAtStartsAtAndClosesAtEndsAt()
    {
        var desk = await Desk.CreateAsync(app);
        var opens = WholeSecond(app.UtcNow).AddHours(1);
        var closes = opens.AddHours(2);
        var scheduled = await desk.ImportAsync(new() { ["starts_at"] = Iso(opens), ["ends_at"] = Iso(closes) });
        // The same instants written with an offset, as operators in Berlin would.
        var withOffset = await desk.ImportAsync(new()
        {
            ["starts_at"] = opens.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'+01:00'", CultureInfo.InvariantCulture),
            ["ends_at"] = closes.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'+01:00'", CultureInfo.InvariantCulture),
        });
        string[] both = [scheduled, withOffset];
        var expectedOpen = both.Order(StringComparer.Ordinal).ToArray();

        async Task Expect(bool open, string user)
        {
            Assert.Equal(open ? expectedOpen : [], await desk.OffersAsync(user, both));
            if (open) return;
            var before = await desk.FootprintAsync();
            Assert.Equal("offer is not running", Desk.Refusal(await desk.StartAsync(scheduled, user)));
            Assert.Equal(before, await desk.FootprintAsync());
        }

        await Expect(open: false, "early");
        app.Clock.SetUtcNow(opens.AddTicks(-1));
        await Expect(open: false, "early");
        app.Clock.SetUtcNow(opens);                       // starts_at is inclusive
        await Expect(open: true, "first");
        var (tx, _) = await desk.StartedAsync(scheduled, "first");
        app.Clock.SetUtcNow(closes.AddTicks(-1));
        await Expect(open: true, "late");
        app.Clock.SetUtcNow(closes);                      // ends_at is exclusive
        await Expect(open: false, "late");

        // Who started before the end keeps the offer among their started ones and is paid for what they complete afterwards.
        var list = await desk.ListAsync("first");
        Assert.Contains(scheduled, list.Data["started_offers"]!.AsArray().Select(o => (string)o!["id"]!));
        var (id, status) = await desk.ConvertAsync(tx, Desk.Goal(scheduled));
        Assert.Equal("approved", status);
        Assert.True((await desk.StateAsync(id)).Paid);
        // The start itself (to get the link again) is the offer's: closed.
        Assert.Equal("offer is not running", Desk.Refusal(await desk.StartAsync(scheduled, "first")));
    }

    [Fact]
    public async Task EveryRuleRefusesTheStartWith403AndWritesNeitherUserNorClick()
    {
        var desk = await Desk.CreateAsync(app);
        var iosOnly = await desk.ImportAsync(new() { ["platforms"] = new[] { "ios" } });
        var ios16Up = await desk.ImportAsync(new() { ["platforms"] = new[] { "ios" }, ["min_os_version"] = "16" });
        var notYet = await desk.ImportAsync(new() { ["starts_at"] = Iso(WholeSecond(app.UtcNow).AddDays(1)) });
        var over = await desk.ImportAsync(new() { ["ends_at"] = Iso(WholeSecond(app.UtcNow).AddSeconds(1)) });
        var capped = await desk.ImportAsync(new() { ["caps"] = new { total_conversions = 1 } });
        var budget = await desk.ImportAsync(new() { ["caps"] = new { total_budget = 3m } });   // two conversions of 1.5 USD
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("approved", (await desk.UserConvertsAsync(capped, "first")).Status);
        Assert.Equal("approved", (await desk.UserConvertsAsync(budget, "first")).Status);
        Assert.Equal("approved", (await desk.UserConvertsAsync(budget, "second")).Status);

        var cases = new (string Offer, (string, string)[] Headers, string Message)[]
        {
            (iosOnly, [("User-Agent", Desk.Android14)], "offer not available on your device"),
            (iosOnly, [], "offer not available on your device"),
            (ios16Up, [("User-Agent", Desk.IPhone17.Replace("17_0", "15_8"))], "offer not available on your device"),
            (notYet, [], "offer is not running"),
            (over, [], "offer is not running"),
            (capped, [], "offer has reached its cap"),
            (budget, [], "offer has reached its cap"),
        };
        for (var i = 0; i < cases.Length; i++)
        {
            var (offer, headers, message) = cases[i];
            var user = $"refused-{i}";
            Assert.DoesNotContain(offer, await desk.OffersAsync(user, [offer], "", headers));
            var before = await desk.FootprintAsync();
            Assert.Equal(message, Desk.Refusal(await desk.StartAsync(offer, user, "", headers)));
            Assert.Equal(before, await desk.FootprintAsync());
        }
        // Refused users are no users: their history is empty, and the same user may start an offer that takes them.
        Assert.Empty((await desk.ListAsync("refused-0")).Data["started_offers"]!.AsArray());
        await desk.StartedAsync(iosOnly, "refused-0", "", ("User-Agent", Desk.IPhone17));
    }

    [Fact]
    public async Task APlatformWithItsDeviceTypeTellsTabletsFromPhones()
    {
        var desk = await Desk.CreateAsync(app);
        var iPadOnly = await desk.ImportAsync(new() { ["platforms"] = new[] { "ios_tablet" } });
        var androidPhones = await desk.ImportAsync(new() { ["platforms"] = new[] { "android_phone", "web" } });
        const string iPad = "Mozilla/5.0 (iPad; CPU OS 16_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.1 Mobile/15E148 Safari/604.1";
        const string androidTablet = "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        string[] both = [iPadOnly, androidPhones];
        Assert.Equal([iPadOnly], await desk.OffersAsync("t", both, "", ("User-Agent", iPad)));
        Assert.Empty(await desk.OffersAsync("t", both, "", ("User-Agent", Desk.IPhone17)));
        Assert.Equal([androidPhones], await desk.OffersAsync("t", both, "", ("User-Agent", Desk.Android14)));
        Assert.Empty(await desk.OffersAsync("t", both, "", ("User-Agent", androidTablet)));
        Assert.Equal([androidPhones], await desk.OffersAsync("t", both, "", ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0")));
    }
}
