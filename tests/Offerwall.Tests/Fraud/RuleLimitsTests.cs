using Offerwall.Data;
using Offerwall.Tests.Infrastructure;
using Offerwall.Tests.Offers;

namespace Offerwall.Tests.Fraud;

/// <summary>
/// Each rule just under, at and just over its limit, through the admin API (the partner's setting), the client API (starts, with
/// device ids and countries) and signed postbacks: the count includes the conversion being decided (limit 2: the third triggers), the
/// windows are the last hour and the last 24 hours (an older conversion no longer counts), and the history gives the figures.
/// Every click of these servers comes from 127.0.0.1; a test of an address rule first moves the clock past the others' conversions.
/// </summary>
public abstract class RuleLimitsTests(AppFixture app)
{
    private const string Ip = "127.0.0.1";

    /// <summary>Moves the clock past every window, so the conversions and clicks of the class's other tests (same address) no longer count.</summary>
    private void PastOtherTests() => app.Clock.Advance(TimeSpan.FromHours(25));

    [Fact]
    public async Task MinSecondsToConvertTriggersBelowItsLimitOnly()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("min_seconds_to_convert", "hold", 30);
        var offer = await rig.OfferAsync(goals: 3);
        var tx = await rig.StartAsync(offer, "quick");
        app.Clock.Advance(TimeSpan.FromSeconds(29));
        var under = await rig.ConvertAsync(tx, offer, "0");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var at = await rig.ConvertAsync(tx, offer, "1");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var over = await rig.ConvertAsync(tx, offer, "2");

        Assert.Equal(("pending", "approved", "approved"), (under.Status, at.Status, over.Status));
        Assert.Equal([Rig.Reason("hold", "min_seconds_to_convert (converted 29 s after the click, minimum 30 s)")], await rig.ReasonsAsync(under.Id));
        Assert.Equal(["reported"], await rig.ReasonsAsync(at.Id));
        Assert.Equal((ReviewState.Held, "min_seconds_to_convert"), await rig.ReviewOfAsync(under.Id));
        Assert.Equal((ReviewState.None, ""), await rig.ReviewOfAsync(at.Id));
    }

    [Fact]
    public async Task MaxSecondsToConvertTriggersAboveItsLimitOnly()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("max_seconds_to_convert", "flag", 100);
        var offer = await rig.OfferAsync(goals: 3);
        var tx = await rig.StartAsync(offer, "slow");
        app.Clock.Advance(TimeSpan.FromSeconds(99));
        var under = await rig.ConvertAsync(tx, offer, "0");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var at = await rig.ConvertAsync(tx, offer, "1");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var over = await rig.ConvertAsync(tx, offer, "2");

        Assert.Equal(("approved", "approved", "approved"), (under.Status, at.Status, over.Status));
        Assert.Equal(["reported"], await rig.ReasonsAsync(under.Id));
        Assert.Equal(["reported"], await rig.ReasonsAsync(at.Id));
        Assert.Equal([Rig.Reason("flag", "max_seconds_to_convert (converted 101 s after the click, maximum 100 s)")], await rig.ReasonsAsync(over.Id));
        Assert.Equal((ReviewState.Flagged, "max_seconds_to_convert"), await rig.ReviewOfAsync(over.Id));
    }

    [Fact]
    public async Task UserConversionsPerHourCountThisOneAndForgetThoseOlderThanAnHour()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("user_conversions_per_hour", "reject", 2);
        var offer = await rig.OfferAsync(goals: 5);
        var tx = await rig.StartAsync(offer, "busy");
        var first = await rig.ConvertAsync(tx, offer, "0");
        var second = await rig.ConvertAsync(tx, offer, "1");
        app.Clock.Advance(TimeSpan.FromMinutes(59));
        var third = await rig.ConvertAsync(tx, offer, "2");   // the first two are 59 minutes old: they count
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var fourth = await rig.ConvertAsync(tx, offer, "3");  // they are 61 minutes old: only the third counts, and this one

        Assert.Equal(("approved", "approved", "cancelled", "approved"), (first.Status, second.Status, third.Status, fourth.Status));
        Assert.Equal([Rig.Reason("reject", "user_conversions_per_hour (3 conversions of user busy in the last hour, limit 2)")], await rig.ReasonsAsync(third.Id));
        Assert.Equal(["reported"], await rig.ReasonsAsync(fourth.Id));
        // A third in the window again (the rejected one counts, as it happened): over.
        Assert.Equal("cancelled", (await rig.ConvertAsync(tx, offer, "4")).Status);
    }

    [Fact]
    public async Task UserConversionsPerDayCountTheLast24Hours()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("user_conversions_per_day", "hold", 2);
        var offer = await rig.OfferAsync(goals: 4);
        var tx = await rig.StartAsync(offer, "daily");
        var first = await rig.ConvertAsync(tx, offer, "0");
        app.Clock.Advance(TimeSpan.FromHours(10));
        var second = await rig.ConvertAsync(tx, offer, "1");
        app.Clock.Advance(TimeSpan.FromHours(13) + TimeSpan.FromMinutes(59));
        var third = await rig.ConvertAsync(tx, offer, "2");   // the first is 23 h 59 min old
        app.Clock.Advance(TimeSpan.FromHours(10) + TimeSpan.FromMinutes(2));
        var fourth = await rig.ConvertAsync(tx, offer, "3");  // the first two are past 24 h: the third and this one

        Assert.Equal(("approved", "approved", "pending", "approved"), (first.Status, second.Status, third.Status, fourth.Status));
        Assert.Equal([Rig.Reason("hold", "user_conversions_per_day (3 conversions of user daily in the last 24 hours, limit 2)")], await rig.ReasonsAsync(third.Id));
    }

    [Fact]
    public async Task AddressConversionsPerHourCountEveryUserOfTheAddress()
    {
        PastOtherTests();
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("address_conversions_per_hour", "flag", 2);
        var offer = await rig.OfferAsync();
        var a = await rig.UserConvertsAsync(offer, "addr-a");
        var b = await rig.UserConvertsAsync(offer, "addr-b");
        var c = await rig.UserConvertsAsync(offer, "addr-c");
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var d = await rig.UserConvertsAsync(offer, "addr-d");

        Assert.Equal(("approved", "approved", "approved", "approved"), (a.Status, b.Status, c.Status, d.Status));
        Assert.Equal(["reported"], await rig.ReasonsAsync(b.Id));
        Assert.Equal([$"reported; flagged for review by fraud rules: address_conversions_per_hour (3 conversions from {Ip} in the last hour, limit 2)"],
            await rig.ReasonsAsync(c.Id));
        Assert.Equal(["reported"], await rig.ReasonsAsync(d.Id));
        Assert.True((await rig.StateAsync(c.Id)).Paid);
    }

    [Fact]
    public async Task AddressConversionsPerDayCountTheLast24Hours()
    {
        PastOtherTests();
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("address_conversions_per_day", "hold", 2);
        var offer = await rig.OfferAsync();
        var a = await rig.UserConvertsAsync(offer, "day-a");
        app.Clock.Advance(TimeSpan.FromHours(23));
        var b = await rig.UserConvertsAsync(offer, "day-b");
        var c = await rig.UserConvertsAsync(offer, "day-c");
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var d = await rig.UserConvertsAsync(offer, "day-d");   // a is past 24 h: b, c and this one
        Assert.Equal(("approved", "approved", "pending", "pending"), (a.Status, b.Status, c.Status, d.Status));
        Assert.Equal([Rig.Reason("hold", $"address_conversions_per_day (3 conversions from {Ip} in the last 24 hours, limit 2)")], await rig.ReasonsAsync(c.Id));
        Assert.Equal([Rig.Reason("hold", $"address_conversions_per_day (3 conversions from {Ip} in the last 24 hours, limit 2)")], await rig.ReasonsAsync(d.Id));
        app.Clock.Advance(TimeSpan.FromHours(23));
        var e = await rig.UserConvertsAsync(offer, "day-e");   // b and c are past 24 h: d and this one
        Assert.Equal("approved", e.Status);
    }

    [Fact]
    public async Task DeviceConversionsPerHourCountTheDeviceAcrossUsersByItsAdvertisingId()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("device_conversions_per_hour", "reject", 2);
        var offer = await rig.OfferAsync();
        const string Idfa = "A1B2C3D4-0000-4000-8000-00000000AAAA";
        var a = await rig.UserConvertsAsync(offer, "dev-a", $"?idfa={Idfa}");
        var b = await rig.UserConvertsAsync(offer, "dev-b", $"?idfa={Idfa.ToLowerInvariant()}&device_id=other-app-id");
        var elsewhere = await rig.UserConvertsAsync(offer, "dev-x", "?device_id=another-phone");
        var c = await rig.UserConvertsAsync(offer, "dev-c", $"?idfa={Idfa}");
        var noDevice = await rig.UserConvertsAsync(offer, "dev-none");
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var d = await rig.UserConvertsAsync(offer, "dev-d", $"?idfa={Idfa}");

        Assert.Equal(("approved", "approved", "approved", "cancelled", "approved", "approved"),
            (a.Status, b.Status, elsewhere.Status, c.Status, noDevice.Status, d.Status));
        Assert.Equal([Rig.Reason("reject", $"device_conversions_per_hour (3 conversions from device {Idfa.ToLowerInvariant()} in the last hour, limit 2)")],
            await rig.ReasonsAsync(c.Id));
        Assert.False((await rig.StateAsync(c.Id)).Paid);
    }

    [Fact]
    public async Task DeviceConversionsPerDayCountTheLast24Hours()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("device_conversions_per_day", "flag", 2);
        var offer = await rig.OfferAsync();
        const string Gaid = "38400000-8cf0-11bd-b23e-10b96e40000d";
        var a = await rig.UserConvertsAsync(offer, "gd-a", $"?gaid={Gaid}");
        app.Clock.Advance(TimeSpan.FromHours(12));
        var b = await rig.UserConvertsAsync(offer, "gd-b", $"?gaid={Gaid}");
        app.Clock.Advance(TimeSpan.FromHours(11));
        var c = await rig.UserConvertsAsync(offer, "gd-c", $"?gaid={Gaid}");
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var d = await rig.UserConvertsAsync(offer, "gd-d", $"?gaid={Gaid}");   // a is past 24 h: b, c and this one
        app.Clock.Advance(TimeSpan.FromHours(12));
        var e = await rig.UserConvertsAsync(offer, "gd-e", $"?gaid={Gaid}");   // b is past 24 h too: c, d and this one

        Assert.Equal(["reported"], await rig.ReasonsAsync(b.Id));
        Assert.Equal([Rig.Reason("flag", $"device_conversions_per_day (3 conversions from device {Gaid} in the last 24 hours, limit 2)")], await rig.ReasonsAsync(c.Id));
        Assert.Equal((ReviewState.Flagged, ReviewState.Flagged, ReviewState.Flagged),
            ((await rig.ReviewOfAsync(c.Id)).Review, (await rig.ReviewOfAsync(d.Id)).Review, (await rig.ReviewOfAsync(e.Id)).Review));
        Assert.Equal((ReviewState.None, ReviewState.None), ((await rig.ReviewOfAsync(a.Id)).Review, (await rig.ReviewOfAsync(b.Id)).Review));
    }

    [Fact]
    public async Task AddressClicksPerHourRefusesTheStartOverItsLimitAndWritesNothing()
    {
        PastOtherTests();
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("address_clicks_per_hour", "reject", 2);
        var offer = await rig.OfferAsync();
        var other = await rig.OfferAsync();
        var first = await rig.StartAsync(offer, "clicker-1");
        await rig.StartAsync(offer, "clicker-2");
        var before = await rig.Desk.FootprintAsync();
        Assert.Equal("offer start refused", Desk.Refusal(await rig.Desk.StartAsync(offer, "clicker-3")));
        Assert.Equal("offer start refused", Desk.Refusal(await rig.Desk.StartAsync(other, "clicker-1")));   // a new click of a known user
        Assert.Equal(before, await rig.Desk.FootprintAsync());
        // A restart keeps its click: no new click, nothing to count.
        Assert.Equal(first, await rig.StartAsync(offer, "clicker-1"));
        app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("offer start refused", Desk.Refusal(await rig.Desk.StartAsync(offer, "clicker-3")));
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await rig.StartAsync(offer, "clicker-3");
        Assert.Equal((before.Clicks + 1, before.Users + 1), await rig.Desk.FootprintAsync());
    }

    [Fact]
    public async Task AStartThatAddressClicksPerHourWouldHoldGoesAheadAndItsConversionsAreHeld()
    {
        PastOtherTests();
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("address_clicks_per_hour", "hold", 1);
        var offer = await rig.OfferAsync(goals: 2);
        var clean = await rig.UserConvertsAsync(offer, "start-1");
        var tx = await rig.StartAsync(offer, "start-2");
        var held = await rig.ConvertAsync(tx, offer, "0");
        app.Clock.Advance(TimeSpan.FromHours(2));
        var later = await rig.ConvertAsync(tx, offer, "1");   // the click's finding holds every conversion of it

        Assert.Equal(("approved", "pending", "pending"), (clean.Status, held.Status, later.Status));
        var reason = Rig.Reason("hold", $"address_clicks_per_hour (at the start: 2 offer starts from {Ip} in the last hour, limit 1)");
        Assert.Equal([reason], await rig.ReasonsAsync(held.Id));
        Assert.Equal([reason], await rig.ReasonsAsync(later.Id));
        Assert.Equal((ReviewState.Held, "address_clicks_per_hour"), await rig.ReviewOfAsync(later.Id));
    }

    [Fact]
    public async Task DeviceUsersCountsThePartnersUsersOfOneDeviceAtTheStartAndAtTheConversion()
    {
        var rig = await Rig.CreateAsync(app);
        var otherPartner = await Rig.CreateAsync(app);
        await rig.SetAsync("device_users", "hold", 2);
        var offer = await rig.OfferAsync();
        const string Device = "?device_id=Shared-Phone";
        // Another partner's users of the same device do not count.
        await otherPartner.StartAsync(await otherPartner.OfferAsync(), "stranger", Device);
        var a = await rig.StartAsync(offer, "owner-a", Device);
        var b = await rig.UserConvertsAsync(offer, "owner-b", Device);
        var c = await rig.StartAsync(offer, "owner-c", Device);
        var third = await rig.ConvertAsync(c, offer);
        var first = await rig.ConvertAsync(a, offer);   // a's conversion comes after c joined the device: 3 users now

        Assert.Equal(("approved", "pending", "pending"), (b.Status, third.Status, first.Status));
        const string Figures = "device shared-phone used by 3 users of this partner, limit 2";
        Assert.Equal([Rig.Reason("hold", $"device_users ({Figures})", $"device_users (at the start: {Figures})")], await rig.ReasonsAsync(third.Id));
        Assert.Equal([Rig.Reason("hold", $"device_users ({Figures})")], await rig.ReasonsAsync(first.Id));
        // The rule triggered twice (at the start and at the conversion), and is listed once.
        Assert.Equal((ReviewState.Held, "device_users"), await rig.ReviewOfAsync(third.Id));
        Assert.Equal(["device_users"], (await rig.ReviewAsync($"?partner_id={rig.PartnerId}"))[0]!["rules"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public async Task DeviceOfferOnceRejectsASecondUserConvertingTheOfferOnOneDevice()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("device_offer_once", "reject");
        var offer = await rig.OfferAsync();
        var another = await rig.OfferAsync();
        const string Device = "?gaid=11111111-2222-4333-8444-555555555555";
        var first = await rig.UserConvertsAsync(offer, "once-a", Device);
        var second = await rig.UserConvertsAsync(offer, "once-b", Device);
        var otherOffer = await rig.UserConvertsAsync(another, "once-b", Device);
        var otherDevice = await rig.UserConvertsAsync(offer, "once-c", "?gaid=11111111-2222-4333-8444-666666666666");

        Assert.Equal(("approved", "cancelled", "approved", "approved"), (first.Status, second.Status, otherOffer.Status, otherDevice.Status));
        Assert.Equal([Rig.Reason("reject", "device_offer_once (device 11111111-2222-4333-8444-555555555555 already converted this offer as another user)")],
            await rig.ReasonsAsync(second.Id));
        // A conversion cancelled does not count: once it is, the device's next user of the offer is not refused for it.
        var offer2 = await rig.OfferAsync();
        var cancelled = await rig.ConvertAsync(await rig.StartAsync(offer2, "once-d", Device), offer2, "0", ("status", "cancelled"));
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal("approved", (await rig.UserConvertsAsync(offer2, "once-e", Device)).Status);
    }

    [Fact]
    public async Task CountryChangeFlagsAUserWhoseClicksComeFromTwoCountries()
    {
        var rig = await Rig.CreateAsync(app);
        await rig.SetAsync("country_change", "flag");
        var home = await rig.OfferAsync();
        var abroad = await rig.OfferAsync();
        var again = await rig.OfferAsync();
        var stay = await rig.UserConvertsAsync(home, "traveller", "?country=DE");
        var sameCountry = await rig.UserConvertsAsync(again, "traveller", "?country=de");
        var moved = await rig.UserConvertsAsync(abroad, "traveller", "?country=FR");
        var unknown = await rig.UserConvertsAsync(home, "homebody");

        Assert.Equal(["reported"], await rig.ReasonsAsync(stay.Id));
        Assert.Equal(["reported"], await rig.ReasonsAsync(sameCountry.Id));
        Assert.Equal(["reported"], await rig.ReasonsAsync(unknown.Id));
        const string Figures = "the user's clicks come from DE and now FR";
        Assert.Equal([Rig.Reason("flag", $"country_change ({Figures})", $"country_change (at the start: {Figures})")], await rig.ReasonsAsync(moved.Id));
        Assert.Equal("approved", moved.Status);
        Assert.Equal((ReviewState.Flagged, "country_change"), await rig.ReviewOfAsync(moved.Id));
    }
}
