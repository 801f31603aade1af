using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Reports;

/// <summary>
/// GET /admin/reports and /data/partner/reports over real traffic: every grouping, totals against the ledger's own sums (live
/// hours and stored ones), days and hours of a time zone across its daylight-saving changes, and bad parameters.
/// The tests share one database and one clock that only moves forward: each works in days of its own after the
/// clock's current day, so no test writes into hours another one's report has stored.
/// </summary>
public abstract class ReportsTests(AppFixture app)
{
    private const string Android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    private static readonly string[] Additive = ["approved", "pending", "cancelled", "reversals", "revenue", "cost", "margin"];

    /// <summary>What the database itself holds for [from, to): the numbers a report must add up to.</summary>
    private sealed record Truth(long Clicks, long Approved, long Reversals, long Cancelled, long Pending, decimal Revenue, decimal Cost, decimal RewardLocal);

    private Task<Truth> TruthAsync(DateTime from, DateTime to, long? partnerId = null) => app.WithDb(async db =>
    {
        var clicks = await db.Clicks.CountAsync(c => c.CreatedAt >= from && c.CreatedAt < to && (partnerId == null || c.PartnerId == partnerId));
        var ledger = await db.Ledger.AsNoTracking().Where(l => l.OccurredAt >= from && l.OccurredAt < to && (partnerId == null || l.PartnerId == partnerId))
            .Select(l => new { l.TransactionId, l.Reverse, l.Payout, l.RewardLocal }).ToListAsync();
        var ids = ledger.Select(l => l.TransactionId).Distinct().ToList();
        var paid = await db.Conversions.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.AdvertiserPayout);
        var conversions = await db.Conversions.AsNoTracking().Where(c => partnerId == null || c.PartnerId == partnerId)
            .Select(c => new { c.Status, c.CreatedAt, c.DecidedAt }).ToListAsync();
        return new Truth(clicks, ledger.Count(l => !l.Reverse), ledger.Count(l => l.Reverse),
            conversions.Count(c => c.Status == ConversionStatus.Cancelled && c.DecidedAt >= from && c.DecidedAt < to),
            conversions.Count(c => c.Status == ConversionStatus.Pending && c.CreatedAt >= from && c.CreatedAt < to),
            ledger.Sum(l => (l.Reverse ? -1 : 1) * paid[l.TransactionId]), ledger.Sum(l => (l.Reverse ? -1 : 1) * l.Payout),
            ledger.Sum(l => (l.Reverse ? -1 : 1) * l.RewardLocal));
    });

    private static void AssertTotals(Truth truth, JsonNode totals)
    {
        Assert.Equal(truth.Clicks, (long)totals["clicks"]!);
        Assert.Equal(truth.Approved, (long)totals["approved"]!);
        Assert.Equal(truth.Reversals, (long)totals["reversals"]!);
        Assert.Equal(truth.Cancelled, (long)totals["cancelled"]!);
        Assert.Equal(truth.Pending, (long)totals["pending"]!);
        Assert.Equal(truth.Revenue, (decimal)totals["revenue"]!);
        Assert.Equal(truth.Cost, (decimal)totals["cost"]!);
        Assert.Equal(truth.Revenue - truth.Cost, (decimal)totals["margin"]!);
    }

    /// <summary>Rows add up to the totals (clicks too, unless grouped by goal: a goal's row shows its offer's clicks); no two rows share a key.</summary>
    private static void AssertRowsAddUp(JsonNode report)
    {
        var rows = report["rows"]!.AsArray();
        var totals = report["totals"]!;
        foreach (var metric in Additive)
            Assert.Equal((decimal)totals[metric]!, rows.Sum(r => (decimal)r![metric]!));
        var groupBy = report["group_by"]!.AsArray().Select(g => (string)g!).ToList();
        if (!groupBy.Contains("goal")) Assert.Equal((long)totals["clicks"]!, rows.Sum(r => (long)r!["clicks"]!));
        var keys = rows.Select(r => string.Join('|', r!.AsObject().Where(p => p.Value is not null && p.Key.EndsWith("_id") || p.Key is "day" or "hour" or "country" or "platform")
            .Select(p => $"{p.Key}={p.Value}"))).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    private async Task<(HttpStatusCode Status, string Text)> GetAsync(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await app.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> AdminReportAsync(string query)
    {
        var (status, text) = await GetAsync("/admin/reports?" + query, AppFixture.AdminToken);
        Assert.True(status == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private async Task<string> StartAsync(Market m, string user, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/client/offers/{m.OfferId}/start");
        request.Headers.Add("X-Api-Token", m.AppToken);
        request.Headers.Add("X-User-Id", user);
        if (userAgent is not null) request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        var response = await app.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["tx_id"]!;
    }

    private static async Task<long> ConvertAsync(Market m, string tx, string goal, params (string, string)[] extra)
    {
        var (status, body) = await m.PostbackAsync(tx, goal, extra);
        Assert.Equal(HttpStatusCode.OK, status);
        return (long)body["transaction_id"]!;
    }

    /// <summary>The first UTC midnight at least a day after the clock: a day no earlier test wrote in.</summary>
    private DateTime FreshDay()
    {
        var now = app.UtcNow;
        return now.Date.AddDays(2);
    }

    private void MoveTo(DateTime utc) => app.Clock.SetUtcNow(new DateTimeOffset(utc, TimeSpan.Zero));

    private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task EveryGroupingAddsUpToTheLedgerLiveAndStored()
    {
        var day = FreshDay();
        MoveTo(day.AddHours(10).AddMinutes(5));
        var m1 = await Market.CreateAsync(app);
        var m2 = await Market.CreateAsync(app, ratio: 1000m, share: 0.7m);
        var a = new[] { await StartAsync(m1, "a1", Android), await StartAsync(m1, "a2", Android), await StartAsync(m1, "a3", IPhone), await StartAsync(m1, "a4") };
        var b = new[] { await StartAsync(m2, "b1", IPhone), await StartAsync(m2, "b2") };
        var installA1 = await ConvertAsync(m1, a[0], m1.Install);
        var levelA2 = await ConvertAsync(m1, a[1], m1.Level);   // held 24 hours
        await ConvertAsync(m1, a[2], m1.Purchase, ("event_id", "order-1"), ("payout", "12.34"));
        await ConvertAsync(m2, b[0], m2.Install);

        MoveTo(day.AddHours(11).AddMinutes(30));
        await ConvertAsync(m2, b[1], m2.Install);
        await ConvertAsync(m1, a[0], m1.Level);

        // Hour 10 is closed (and stored by this report), hour 11 still counted live: the totals are the database's all the same.
        var live = await AdminReportAsync($"from_date={Day(day)}&to_date={Day(day)}");
        AssertTotals(await TruthAsync(day, day.AddDays(1)), live["totals"]!);
        Assert.Equal(2, (long)live["totals"]!["pending"]!);
        Assert.Equal(6, (long)live["totals"]!["clicks"]!);
        Assert.True(await app.WithDb(db => db.ReportCoverage.AnyAsync(c => c.Hour == (long)(day.AddHours(10) - DateTime.UnixEpoch).TotalHours)));

        MoveTo(day.AddHours(13));
        await Market.AdminAsync(app, $"/admin/conversions/{levelA2}/cancel", new { reason = "test" });
        await Market.AdminAsync(app, $"/admin/conversions/{installA1}/reverse", new { reason = "chargeback" });
        MoveTo(day.AddDays(1).AddHours(12));
        await Market.AdminAsync(app, "/admin/conversions/approve-due");
        MoveTo(day.AddDays(2).AddHours(1));

        var range = $"from_date={Day(day)}&to_date={Day(day.AddDays(1))}";
        var truth = await TruthAsync(day, day.AddDays(2));
        Assert.True(truth is { Approved: 5, Reversals: 1, Cancelled: 1, Pending: 0, Clicks: 6 }, truth.ToString());
        foreach (var groupBy in new[] { "day", "hour", "offer", "goal", "partner", "advertiser", "country", "platform", "day,offer,goal", "partner,platform",
                     "hour,advertiser,country" })
        {
            var report = await AdminReportAsync($"{range}&group_by={groupBy}");
            AssertTotals(truth, report["totals"]!);
            AssertRowsAddUp(report);
            Assert.Equal(groupBy.Split(','), report["group_by"]!.AsArray().Select(g => (string)g!));
        }
        // Both days are stored now, every hour of them.
        var first = (long)(day - DateTime.UnixEpoch).TotalHours;
        Assert.Equal(48, await app.WithDb(db => db.ReportCoverage.CountAsync(c => c.Hour >= first && c.Hour < first + 48)));

        var byPartner = (await AdminReportAsync($"{range}&group_by=partner"))["rows"]!.AsArray();
        Assert.Equal(new[] { m1.PartnerId, m2.PartnerId }.Order(), byPartner.Select(r => (long)r!["partner_id"]!).Order());
        var p2 = byPartner.Single(r => (long)r!["partner_id"]! == m2.PartnerId)!;
        var truth2 = await TruthAsync(day, day.AddDays(2), m2.PartnerId);
        Assert.Equal("Partner", (string?)p2["partner_name"]);
        Assert.Equal(truth2.Cost, (decimal)p2["cost"]!);
        Assert.Equal(truth2.Revenue, (decimal)p2["revenue"]!);
        Assert.Equal(Math.Round(truth2.Revenue / 2, 4), (decimal)p2["epc"]!);
        Assert.Equal(1m, (decimal)p2["conversion_rate"]!);

        // By goal, each goal's row shows its offer's clicks; a goal filter keeps the goal and its offer's clicks.
        var byGoal = (await AdminReportAsync($"{range}&group_by=goal&offer_id={m1.OfferId}"))["rows"]!.AsArray();
        Assert.Equal(new[] { m1.Install, m1.Level, m1.Purchase }.Order(), byGoal.Select(r => (string)r!["goal_id"]!).Order());
        Assert.All(byGoal, r => Assert.Equal(4, (long)r!["clicks"]!));
        Assert.All(byGoal, r => Assert.Equal(m1.OfferId, (string?)r!["offer_id"]));
        var install = (await AdminReportAsync($"{range}&goal_id={m1.Install}"))["totals"]!;
        Assert.Equal((4L, 1L, 1L), ((long)install["clicks"]!, (long)install["approved"]!, (long)install["reversals"]!));
        Assert.Equal(0m, (decimal)install["revenue"]!);

        // Filters: a partner, an advertiser, a platform.
        AssertTotals(truth2, (await AdminReportAsync($"{range}&partner_id={m2.PartnerId}"))["totals"]!);
        AssertTotals(truth2, (await AdminReportAsync($"{range}&advertiser_id={m2.AdvertiserId}"))["totals"]!);
        var platforms = (await AdminReportAsync($"{range}&group_by=platform"))["rows"]!.AsArray();
        foreach (var row in platforms)
        {
            var only = (await AdminReportAsync($"{range}&platform={(string)row!["platform"]!}"))["totals"]!;
            Assert.Equal((long)row["clicks"]!, (long)only["clicks"]!);
            Assert.Equal((decimal)row["revenue"]!, (decimal)only["revenue"]!);
        }

        // The CSV has the same rows and, last, the same totals.
        var (status, csv) = await GetAsync($"/admin/reports/export.csv?{range}&group_by=offer", AppFixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, status);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("offer_id,offer_name,clicks,approved,pending,cancelled,reversals,revenue,cost,margin,conversion_rate,epc", lines[0]);
        Assert.Equal(4, lines.Length);
        var total = lines[^1].Split(',');
        Assert.Equal(["total", ""], total[..2]);
        Assert.Equal(truth.Clicks.ToString(CultureInfo.InvariantCulture), total[2]);
        Assert.Equal(truth.Revenue, decimal.Parse(total[9 - 2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task DaysAndHoursFollowTheTimeZoneAcrossItsDaylightSavingChanges()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        // The next autumn change after the clock: the last Sunday of October, 01:00 UTC (03:00 summer time becomes 02:00).
        var year = app.UtcNow.Year + 1;
        var change = new DateTime(year, 10, 31, 1, 0, 0, DateTimeKind.Utc);
        while (change.DayOfWeek != DayOfWeek.Sunday) change = change.AddDays(-1);
        Assert.Equal(TimeSpan.FromHours(2), berlin.GetUtcOffset(change.AddMinutes(-1)));
        Assert.Equal(TimeSpan.FromHours(1), berlin.GetUtcOffset(change));

        var m = await Market.CreateAsync(app);
        // Local times: Sat 23:30 (+02), Sun 00:30 (+02), Sun 02:30 (+02), Sun 02:30 again (+01), Sun 23:30 (+01), Mon 00:30 (+01).
        var moments = new[] { -210, -150, -30, 30, 1290, 1350 }.Select(minutes => change.AddMinutes(minutes)).ToArray();
        for (var i = 0; i < moments.Length; i++)
        {
            MoveTo(moments[i]);
            await ConvertAsync(m, await StartAsync(m, $"dst-{i}"), m.Install);
        }
        MoveTo(change.AddDays(2));
        var sunday = DateOnly.FromDateTime(change);
        var scope = $"partner_id={m.PartnerId}&time_zone=Europe/Berlin";

        var days = (await AdminReportAsync($"{scope}&group_by=day&from_date={sunday.AddDays(-1):yyyy-MM-dd}&to_date={sunday.AddDays(1):yyyy-MM-dd}"))["rows"]!
            .AsArray().Select(r => ((string)r!["day"]!, (long)r["approved"]!)).ToList();
        Assert.Equal([($"{sunday.AddDays(-1):yyyy-MM-dd}", 1L), ($"{sunday:yyyy-MM-dd}", 4L), ($"{sunday.AddDays(1):yyyy-MM-dd}", 1L)], days);

        // The same day in UTC splits otherwise: the Saturday evening's two are both Saturday.
        var utcDays = (await AdminReportAsync($"partner_id={m.PartnerId}&group_by=day&from_date={sunday.AddDays(-1):yyyy-MM-dd}&to_date={sunday:yyyy-MM-dd}"))["rows"]!
            .AsArray().Select(r => (long)r!["approved"]!).ToList();
        Assert.Equal([2L, 4L], utcDays);

        // By hour, the repeated 02:00 is two rows, told apart by their offsets; the Sunday has 25 hours.
        var hours = (await AdminReportAsync($"{scope}&group_by=hour&from_date={sunday:yyyy-MM-dd}&to_date={sunday:yyyy-MM-dd}"))["rows"]!
            .AsArray().Select(r => (string)r!["hour"]!).ToList();
        var d = $"{sunday:yyyy-MM-dd}";
        Assert.Equal([$"{d}T00:00:00+02:00", $"{d}T02:00:00+02:00", $"{d}T02:00:00+01:00", $"{d}T23:00:00+01:00"], hours);
        var (from, to) = Offerwall.Reports.ReportZone.Hours(sunday, sunday, berlin);
        Assert.Equal(25, to - from);

        // A spring day has 23 hours.
        var spring = new DateOnly(year, 3, 31);
        while (spring.DayOfWeek != DayOfWeek.Sunday) spring = spring.AddDays(-1);
        var (springFrom, springTo) = Offerwall.Reports.ReportZone.Hours(spring, spring, berlin);
        Assert.Equal(23, springTo - springFrom);

        // New York's days in the partner's report, its default zone: the same conversions, as the Data API's days count them.
        var partnerDays = await m.PartnerGetAsync($"/data/partner/reports?from_date={sunday.AddDays(-1):yyyy-MM-dd}&to_date={sunday.AddDays(1):yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.OK, partnerDays.Status);
        Assert.Equal("America/New_York", (string?)partnerDays.Body!["time_zone"]);
        var summary = await m.PartnerGetAsync($"/data/partner/summary?from_date={sunday.AddDays(-1):yyyy-MM-dd}&to_date={sunday.AddDays(1):yyyy-MM-dd}");
        Assert.Equal(summary.Body!["data"]!.AsArray().Where(r => (long)r!["conversions"]! > 0).Select(r => ((string)r!["date"]!, (long)r["conversions"]!)),
            partnerDays.Body["rows"]!.AsArray().Select(r => ((string)r!["day"]!, (long)r["approved"]!)));
    }

    [Fact]
    public async Task APartnersReportIsItsOwnRowsInItsCurrency()
    {
        var day = FreshDay();
        MoveTo(day.AddHours(9));
        var mine = await Market.CreateAsync(app, ratio: 250m, share: 0.6m);
        var other = await Market.CreateAsync(app);
        await ConvertAsync(mine, await StartAsync(mine, "p1", Android), mine.Install);
        await ConvertAsync(mine, await StartAsync(mine, "p2", IPhone), mine.Purchase, ("event_id", "e1"), ("payout", "7.5"));
        await StartAsync(mine, "p3");
        await ConvertAsync(other, await StartAsync(other, "o1"), other.Install);
        MoveTo(day.AddDays(1).AddHours(3));

        var query = $"from_date={Day(day)}&to_date={Day(day)}&time_zone=UTC";
        var (status, text) = await GetAsync($"/data/partner/reports?{query}&group_by=offer,platform", mine.ServerKey);
        Assert.Equal(HttpStatusCode.OK, status);
        var report = JsonNode.Parse(text)!;
        var truth = await TruthAsync(day, day.AddDays(1), mine.PartnerId);
        var totals = report["totals"]!;
        Assert.Equal("Coins", (string?)report["currency_name"]);
        Assert.Equal((truth.Clicks, truth.Approved), ((long)totals["clicks"]!, (long)totals["approved"]!));
        Assert.Equal(truth.Cost, (decimal)totals["payout"]!);
        Assert.Equal(truth.RewardLocal, (decimal)totals["reward_local_currency"]!);
        Assert.Equal(Math.Round(truth.Cost / truth.Clicks, 4), (decimal)totals["epc"]!);
        Assert.All(report["rows"]!.AsArray(), r => Assert.Equal(mine.OfferId, (string?)r!["offer_id"]));
        Assert.DoesNotContain("revenue", text);
        Assert.DoesNotContain("margin", text);

        // Another partner's offer as a filter finds nothing; the CSV ends with the same totals.
        var (_, otherText) = await GetAsync($"/data/partner/reports?{query}&offer_id={other.OfferId}", mine.ServerKey);
        Assert.Equal(0, (long)JsonNode.Parse(otherText)!["totals"]!["clicks"]!);
        var (csvStatus, csv) = await GetAsync($"/data/partner/reports/export.csv?{query}&group_by=country", mine.ServerKey);
        Assert.Equal(HttpStatusCode.OK, csvStatus);
        var last = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[^1].Split(',');
        Assert.Equal("total", last[0]);
        Assert.Equal(truth.Cost, decimal.Parse(last[6], CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("group_by=size", "group_by")]
    [InlineData("group_by=day,hour", "group_by")]
    [InlineData("group_by=day;drop", "group_by")]
    [InlineData("from_date=2026-02-30", "from_date")]
    [InlineData("from_date=2026-11-10&to_date=2026-11-01", "from_date")]
    [InlineData("from_date=2024-01-01&to_date=2026-01-01", "to_date")]
    [InlineData("time_zone=Mars/Olympus", "time_zone")]
    [InlineData("time_zone=../../etc/passwd", "time_zone")]
    [InlineData("time_zone=Asia/Kolkata", "time_zone")]
    [InlineData("partner_id=-1", "partner_id")]
    [InlineData("partner_id=99999999", "partner_id")]
    [InlineData("offer_id=no-such-offer", "offer_id")]
    [InlineData("goal_id=no-such-goal", "goal_id")]
    [InlineData("country=USA", "country")]
    [InlineData("platform=windows", "platform")]
    public async Task ABadParameterIsNamedInTheApisOwnShapeAndStoresNothing(string query, string field)
    {
        var before = await app.WithDb(db => db.ReportCoverage.CountAsync());
        var (status, text) = await GetAsync("/admin/reports?" + query, AppFixture.AdminToken);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(JsonNode.Parse(text)!["errors"]![field]);
        var (csvStatus, _) = await GetAsync("/admin/reports/export.csv?" + query, AppFixture.AdminToken);
        Assert.Equal(HttpStatusCode.BadRequest, csvStatus);
        Assert.Equal(before, await app.WithDb(db => db.ReportCoverage.CountAsync()));

        if (field is "partner_id" or "goal_id") return;   // not parameters of the partner's report
        var m = await Market.CreateAsync(app);
        var partner = await m.PartnerGetAsync("/data/partner/reports?" + query);
        if (field == "offer_id")
        {
            // To a partner an unknown offer is one it has nothing of, as in the Data API.
            Assert.Equal(HttpStatusCode.OK, partner.Status);
            return;
        }
        Assert.Equal(HttpStatusCode.UnprocessableEntity, partner.Status);
        Assert.NotNull(partner.Body!["errors"]![field]);
        Assert.NotNull(partner.Body["message"]);
    }
}
