using System.Net;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Conversions;

/// <summary>
/// MMP intake (docs/integrations.md) over real HTTP: each profile's template filled with its MMP's macros, the event map,
/// currency conversion at its rounding edges, blocked and rejected postbacks, token and address authentication, hostile input.
/// </summary>
public abstract class MmpPostbackTests(AppFixture app, LogRecorder logs)
{
    // Each profile's macros, as its MMP fills them for an in-app "level 10" event (Adjust: its event token) of the click.
    private static Dictionary<string, string> LevelMacros(string profile, string tx) => profile switch
    {
        "appsflyer" => new() { ["(clickid)"] = tx, ["(event-name)"] = "af_level_10", ["(event-time)"] = "2026-11-23 15:00:01.123" },
        "adjust" => new() { ["{click_id}"] = tx, ["{activity_kind}"] = "event", ["{event}"] = "lvl10x", ["{event_name}"] = "Level 10", ["{created_at}"] = "1795446001" },
        "singular" => new() { ["{cl?Offerwall}"] = tx, ["{EVTNAME}"] = "af_level_10", ["{UTCM}"] = "1795446001000" },
        "branch" => new() { ["${(last_attributed_touch_data.~click_id)!}"] = tx, ["${(name)!}"] = "af_level_10", ["${(id)!}"] = "1234567890" },
        "kochava" => new() { ["{click_id}"] = tx, ["{event_name}"] = "af_level_10", ["{event_time}"] = "2026-11-23T15:00:01Z" },
        _ => new() { ["{click_id}"] = tx, ["{install_or_event}"] = "event", ["{event_name}"] = "af_level_10", ["{event_id}"] = "e1" },
    };

    // Macros the MMP leaves empty for this event: replaced by nothing.
    private static readonly string[] Empty =
    [
        "(event-revenue)", "(event-revenue-currency)", "(install-unix-ts)", "(is-rejected)", "(blocked-reason)", "(blocked-reason-value)", "(blocked-sub-reason)",
        "{revenue_float}", "{currency}", "{rejection_reason}", "{AMOUNT}", "{CURRENCY}", "${(event_data.revenue)!}", "${(event_data.currency)!}", "{revenue}",
        "{1_if_rejected}", "{reason}",
    ];

    [Theory]
    [InlineData("appsflyer", "(event-name)")]
    [InlineData("adjust", "{event}")]
    [InlineData("singular", "{EVTNAME}")]
    [InlineData("branch", "${(name)!}")]
    [InlineData("kochava", "{event_name}")]
    [InlineData("generic", "{event_name}")]
    public async Task EachProfilesTemplateFilledWithItsMmpsMacrosRecordsTheMappedGoal(string profile, string macro)
    {
        var m = await MmpMarket.CreateAsync(app, profile);
        Assert.Contains(macro, m.Template, StringComparison.Ordinal);
        Assert.StartsWith($"http://localhost/postbacks/mmp/{m.AdvertiserId}?token={m.Token}&", m.Template, StringComparison.Ordinal);
        var tx = await m.StartAsync("u-" + profile);
        var macros = LevelMacros(profile, tx);
        foreach (var empty in Empty) macros.TryAdd(empty, "");
        var (status, body) = await m.SendAsync(m.Fill(macros));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pending", (string?)body["conversion_status"]);
        var id = (long)body["transaction_id"]!;
        var goal = await app.WithDb(db => db.Conversions.Where(c => c.Id == id).Join(db.Goals, c => c.GoalId, g => g.Id, (c, g) => g.PublicId).SingleAsync());
        Assert.Equal(m.Level, goal);
        // The MMP's retry is acknowledged and writes nothing.
        Assert.True((bool)(await m.SendAsync(m.Fill(macros))).Body["duplicate"]!);
    }

    [Fact]
    public async Task InstallsAndEventsFollowTheOffersMapAndAnUnmappedEventIsIgnored()
    {
        var m = await MmpMarket.CreateAsync(app, "appsflyer");
        var tx = await m.StartAsync("u");
        var (status, body) = await m.PostAsync([("clickid", tx), ("install_unix_ts", "1795446000")]);
        Assert.Equal((HttpStatusCode.OK, "approved"), (status, (string?)body["conversion_status"]));
        var (ignored, answer) = await m.PostAsync([("clickid", tx), ("event_name", "af_app_opened"), ("event_time", "1")]);
        Assert.Equal((HttpStatusCode.Accepted, "ignored"), (ignored, (string?)answer["status"]));

        // The operator maps it: the next one is recorded.
        var map = await MmpMarket.SendAdminAsync(app, HttpMethod.Get, $"/admin/offers/{m.OfferId}/mmp-events");
        var events = map.Body!["events"]!.AsObject().ToDictionary(e => e.Key, e => (string)e.Value!);
        events["af_app_opened"] = m.Level;
        Assert.Equal(HttpStatusCode.OK, (await MmpMarket.SendAdminAsync(app, HttpMethod.Put, $"/admin/offers/{m.OfferId}/mmp-events", new { events })).Status);
        Assert.Equal(HttpStatusCode.OK, (await m.PostAsync([("clickid", tx), ("event_name", "af_app_opened"), ("event_time", "2")])).Status);
        // A goal the offer lacks, or a bad name, is refused and changes nothing.
        var bad = await MmpMarket.SendAdminAsync(app, HttpMethod.Put, $"/admin/offers/{m.OfferId}/mmp-events", new { events = new { x = "nope" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await MmpMarket.SendAdminAsync(app, HttpMethod.Put, $"/admin/offers/{m.OfferId}/mmp-events",
            new { events = new Dictionary<string, string> { ["a\u0001"] = m.Level } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await MmpMarket.SendAdminAsync(app, HttpMethod.Put, "/admin/offers/none/mmp-events", new { events = new { } })).Status);
        Assert.Equal(6, (await MmpMarket.SendAdminAsync(app, HttpMethod.Get, $"/admin/offers/{m.OfferId}/mmp-events")).Body!["events"]!.AsObject().Count);
    }

    [Fact]
    public async Task RevenueIsConvertedAtTheOperatorsRateToTheCentHalfAwayFromZero()
    {
        var set = await MmpMarket.SendAdminAsync(app, HttpMethod.Put, "/admin/currency-rates",
            new { rates = new Dictionary<string, decimal> { ["EUR"] = 0.5m, ["jpy"] = 0.006712345678m } });
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Contains(set.Body!.AsArray(), r => (string?)r!["code"] == "JPY" && (decimal)r["usd_per_unit"]! == 0.006712345678m);
        var m = await MmpMarket.CreateAsync(app, "appsflyer", currency: "EUR");
        var tx = await m.StartAsync("u");
        var cases = new (string Revenue, string? Currency, decimal Usd)[]
        {
            ("0.01", null, 0.01m),          // 0.005 USD: half away from zero, up
            ("0.009", "EUR", 0m),           // 0.0045 USD: down
            ("2.01", "EUR", 1.01m),         // 1.005 USD: up
            ("1.005", "USD", 1.01m),
            ("1.004999", "usd", 1m),
            ("1000", "JPY", 6.71m),         // 6.712345678
            ("149.99", "JPY", 1.01m),       // 1.00679...
            ("99999.99", "USD", 99999.99m), // the largest a postback may report
        };
        var n = 0;
        foreach (var (revenue, currency, usd) in cases)
        {
            var parameters = new List<(string, string)> { ("clickid", tx), ("event_name", "af_purchase"), ("event_time", $"t{++n}"), ("event_revenue", revenue) };
            if (currency is not null) parameters.Add(("event_revenue_currency", currency));
            var (status, body) = await m.PostAsync(parameters);
            Assert.True(status == HttpStatusCode.OK, $"{revenue} {currency}: {body}");
            var id = (long)body["transaction_id"]!;
            Assert.Equal(usd, await app.WithDb(db => db.Conversions.Where(c => c.Id == id).Select(c => c.AdvertiserPayout).SingleAsync()));
        }
        var before = await app.WithDb(db => db.Conversions.CountAsync(c => c.PartnerId == m.PartnerId));
        var (unknown, error) = await m.PostAsync([("clickid", tx), ("event_name", "af_purchase"), ("event_time", "x1"), ("event_revenue", "5"), ("event_revenue_currency", "XYZ")]);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "unknown_currency"), (unknown, (string?)error["error"]!["code"]));
        var (large, tooLarge) = await m.PostAsync([("clickid", tx), ("event_name", "af_purchase"), ("event_time", "x2"), ("event_revenue", "200001")]);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "amount_too_large"), (large, (string?)tooLarge["error"]!["code"]));
        Assert.Equal(HttpStatusCode.BadRequest, (await m.PostAsync([("clickid", tx), ("event_name", "af_purchase"), ("event_time", "x3"), ("event_revenue", "-1")])).Status);
        Assert.Equal(before, await app.WithDb(db => db.Conversions.CountAsync(c => c.PartnerId == m.PartnerId)));
        // Bad rates are refused.
        foreach (var rates in new object[] { new { rates = new { EURO = 1 } }, new { rates = new { EUR = 0 } }, new { rates = new { USD = 1 } }, new { rates = new { } } })
            Assert.Equal(HttpStatusCode.BadRequest, (await MmpMarket.SendAdminAsync(app, HttpMethod.Put, "/admin/currency-rates", rates)).Status);
    }

    [Fact]
    public async Task ABlockedOrRejectedPostbackCancelsOrReversesWithTheMmpsReason()
    {
        var m = await MmpMarket.CreateAsync(app, "appsflyer");
        // AppsFlyer: a blocked in-app event for a pending conversion cancels it.
        var tx = await m.StartAsync("u1");
        Assert.Equal(HttpStatusCode.OK, (await m.PostAsync([("clickid", tx), ("event_name", "af_level_10"), ("event_time", "1")])).Status);
        var (status, body) = await m.PostAsync([("clickid", tx), ("event_name", "af_level_10"), ("event_time", "1"), ("is_rejected", "1"),
            ("reject_reason", "bots")]);
        Assert.Equal((HttpStatusCode.OK, "cancelled"), (status, (string?)body["conversion_status"]));
        Assert.Equal("rejected by the advertiser's MMP: bots", await LastReasonAsync((long)body["transaction_id"]!));
        // A blocked install of a paid install reverses it.
        var (_, install) = await m.PostAsync([("clickid", tx), ("install_unix_ts", "1")]);
        Assert.Equal("approved", (string?)install["conversion_status"]);
        var (_, blocked) = await m.PostAsync([("clickid", tx), ("reject_reason", "ctit_anomalies"), ("reject_reason_value", "3")]);
        Assert.Equal("reversed", (string?)blocked["conversion_status"]);
        Assert.Equal("rejected by the advertiser's MMP: ctit_anomalies/3", await LastReasonAsync((long)blocked["transaction_id"]!));
        // A rejection of an event never recorded is recorded cancelled: nothing paid.
        var tx2 = await m.StartAsync("u2");
        var (_, first) = await m.PostAsync([("clickid", tx2), ("event_name", "af_level_10"), ("is_rejected", "true"), ("reject_reason", "site_blacklist")]);
        Assert.Equal("cancelled", (string?)first["conversion_status"]);
        Assert.Equal("rejected by the advertiser's MMP: site_blacklist", await LastReasonAsync((long)first["transaction_id"]!));

        // Adjust: a rejected install with its rejection reason.
        var a = await MmpMarket.CreateAsync(app, "adjust");
        var atx = await a.StartAsync("u3");
        var (_, rejected) = await a.PostAsync([("click_id", atx), ("activity_kind", "rejected_install"), ("rejection_reason", "anonymous_traffic")]);
        Assert.Equal("cancelled", (string?)rejected["conversion_status"]);
        Assert.Equal("rejected by the advertiser's MMP: anonymous_traffic", await LastReasonAsync((long)rejected["transaction_id"]!));
        Assert.Empty(await app.WithDb(db => db.Ledger.Where(l => l.PartnerId == a.PartnerId).ToListAsync()));
    }

    [Fact]
    public async Task TheTokenAuthenticatesRotatesWithAGraceAndAWrongOneIsRefused()
    {
        var m = await MmpMarket.CreateAsync(app, "adjust");
        var tx = await m.StartAsync("u");
        (string, string)[] install = [("click_id", tx), ("activity_kind", "install")];
        foreach (var token in new[] { "", "wrong", m.Token + "x", m.Token.ToUpperInvariant(), new string('a', 5000) })
        {
            var (status, body) = await m.PostAsync(install, token);
            Assert.Equal((HttpStatusCode.Unauthorized, "invalid_token"), (status, (string?)body["error"]!["code"]));
        }
        // An unknown advertiser answers the same.
        var (unknown, _) = await m.SendAsync($"/postbacks/mmp/999999999?token={m.Token}&click_id={tx}");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown);

        var rotated = await Market.AdminAsync(app, $"/admin/advertisers/{m.AdvertiserId}/rotate-token", new { grace_hours = 1 });
        var fresh = (string)rotated["token"]!;
        Assert.Contains(fresh, (string)rotated["postback_template"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await m.PostAsync(install, m.Token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await m.PostAsync(install, fresh)).Status);
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await m.PostAsync(install, m.Token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await m.PostAsync(install, fresh)).Status);
        // Without a grace period the old token stops at once; a signed advertiser has no token to rotate.
        var again = await Market.AdminAsync(app, $"/admin/advertisers/{m.AdvertiserId}/rotate-token", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, (await m.PostAsync(install, fresh)).Status);
        Assert.Equal(HttpStatusCode.OK, (await m.PostAsync(install, (string)again["token"]!)).Status);
        var signed = await Market.AdminAsync(app, "/admin/advertisers", new { name = "Signed" });
        Assert.Null(signed["token"]);
        await Market.AdminAsync(app, $"/admin/advertisers/{(long)signed["id"]!}/rotate-token", new { }, HttpStatusCode.NotFound);
        // Our own log lines never hold a token. (ASP.NET's request lines hold the URL, token included, at Information: the shipped
        // configuration logs Microsoft.AspNetCore at Warning only; docs/security.md.)
        Assert.DoesNotContain(logs.Lines, l => !l.Contains(" Microsoft.AspNetCore.", StringComparison.Ordinal)
                                               && (l.Contains(m.Token, StringComparison.Ordinal) || l.Contains(fresh, StringComparison.Ordinal)));
        var stored = await app.WithDb(db => db.Advertisers.Where(a => a.Id == m.AdvertiserId).Select(a => a.TokenHash).SingleAsync());
        Assert.Equal(64, stored!.Length);
    }

    [Fact]
    public async Task ThePublishedRangesAuthenticateOnlyTheRealPeerAddress()
    {
        // AppsFlyer publishes 45.92.116.0/22 and 194.28.46.0/23 (Conversions/MmpRanges/appsflyer.txt).
        var m = await MmpMarket.CreateAsync(app, "appsflyer", mmpAuth: "token_or_ranges");
        var tx = await m.StartAsync("u");
        (string, string)[] install = [("clickid", tx)];
        Assert.Equal(HttpStatusCode.OK, (await m.PostAsync(install, "", "45.92.117.200")).Status);
        Assert.Contains(logs.Lines, l => l.Contains($"Advertiser {m.AdvertiserId}: MMP postback accepted without a token from 45.92.117.200", StringComparison.Ordinal));
        // A client outside the ranges naming an AppsFlyer address in X-Forwarded-For: no trusted proxy, so the header counts for nothing.
        foreach (var forged in new[] { "45.92.116.9", "192.0.2.1, 194.28.46.7" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await m.PostAsync(install, "", "192.0.2.10", ("X-Forwarded-For", forged))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await m.PostAsync(install, "", "45.92.120.1")).Status);

        // Both required: the token from outside the ranges is refused, from inside accepted.
        var both = await MmpMarket.CreateAsync(app, "appsflyer", mmpAuth: "token_and_ranges");
        var btx = await both.StartAsync("u");
        Assert.Equal(HttpStatusCode.Unauthorized, (await both.PostAsync([("clickid", btx)], null, "198.51.100.1")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await both.PostAsync([("clickid", btx)], "", "194.28.47.1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await both.PostAsync([("clickid", btx)], null, "194.28.47.1")).Status);

        // Adjust publishes no ranges: without a token only the advertiser's own allowed_ips count.
        var adjust = await MmpMarket.CreateAsync(app, "adjust", mmpAuth: "token_or_ranges", allowedIps: "203.0.113.0/24");
        var atx = await adjust.StartAsync("u");
        Assert.Equal(HttpStatusCode.Unauthorized, (await adjust.PostAsync([("click_id", atx), ("activity_kind", "install")], "", "45.92.116.9")).Status);
        Assert.Equal(HttpStatusCode.OK, (await adjust.PostAsync([("click_id", atx), ("activity_kind", "install")], "", "203.0.113.9")).Status);
    }

    [Fact]
    public async Task HostileInputIsAClearErrorAndWritesNothing()
    {
        var m = await MmpMarket.CreateAsync(app, "appsflyer");
        var other = await MmpMarket.CreateAsync(app, "appsflyer");
        var tx = await m.StartAsync("u");
        var otherTx = await other.StartAsync("u");
        var before = await app.WithDb(db => db.Conversions.CountAsync());
        (IEnumerable<(string, string)> Parameters, HttpStatusCode Expected)[] cases =
        [
            ([], HttpStatusCode.BadRequest),
            ([("clickid", new string('x', 65))], HttpStatusCode.BadRequest),
            ([("clickid", "a\u0000b")], HttpStatusCode.BadRequest),
            ([("clickid", tx), ("event_name", new string('e', 101))], HttpStatusCode.BadRequest),
            ([("clickid", tx), ("event_name", "af_purchase"), ("event_revenue", "1e5")], HttpStatusCode.BadRequest),
            ([("clickid", tx), ("event_name", "af_purchase"), ("event_revenue", "NaN")], HttpStatusCode.BadRequest),
            ([("clickid", tx), ("event_name", "af_purchase"), ("event_revenue", "79228162514264337593543950335")], HttpStatusCode.BadRequest),
            ([("clickid", tx), ("event_name", "af_purchase"), ("event_revenue", "1"), ("event_revenue_currency", "E\u00dfR")], HttpStatusCode.BadRequest),
            ([("clickid", tx), ("event_name", "af_purchase"), ("event_revenue", "1")], HttpStatusCode.BadRequest), // a dynamic goal needs its event's id
            ([("clickid", "no-such-click")], HttpStatusCode.NotFound),
            ([("clickid", otherTx)], HttpStatusCode.NotFound), // another advertiser's click
            ([("clickid", tx), ("clickid", tx)], HttpStatusCode.BadRequest),
            ([("clickid", tx), ("event_time", new string('9', 151)), ("event_name", "af_level_10")], HttpStatusCode.BadRequest),
        ];
        foreach (var (parameters, expected) in cases)
        {
            var (status, body) = await m.PostAsync(parameters);
            Assert.True(status == expected, $"{string.Join('&', parameters)}: {(int)status} {body}");
            Assert.Equal("error", (string?)body["status"]);
        }
        foreach (var path in new[] { "/postbacks/mmp/abc", "/postbacks/mmp/-1", "/postbacks/mmp/99999999999999999999999", $"/postbacks/mmp/{m.AdvertiserId}" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await m.SendAsync(path)).Status);
        Assert.Equal(before, await app.WithDb(db => db.Conversions.CountAsync()));
        // Bad advertiser settings are refused at creation.
        foreach (var bad in new object[] { new { name = "x", intake_profile = "tune" }, new { name = "x", intake_profile = "adjust", currency = "EURO" },
                     new { name = "x", intake_profile = "adjust", mmp_auth = "ip" } })
            await Market.AdminAsync(app, "/admin/advertisers", bad, HttpStatusCode.BadRequest);
    }

    private Task<string> LastReasonAsync(long conversionId) =>
        app.WithDb(db => db.ConversionChanges.Where(c => c.ConversionId == conversionId).OrderByDescending(c => c.Id).Select(c => c.Reason).FirstAsync());
}
