using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Offerwall.Conversions;
using Offerwall.Hosting;
using Offerwall.Tests.Infrastructure;
using Spectre.Console;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Tests.Admin;

/// <summary>
/// The operator's command line, run in-process against the fixture server's own database, and
/// checked through that server's HTTP APIs and its DbContext.
/// </summary>
public abstract class CliTests(AppFixture app, string connectionString)
{
    private Task<CliRun> CliAsync(params string[] args) => CliRunner.RunAsync(app, connectionString, args);

    private Task<CliRun> Succeeds(params string[] args) => CliRunner.SucceedsAsync(app, connectionString, args);

    private static void NoStackTrace(CliRun run)
    {
        Assert.DoesNotContain("   at ", run.Output);
        Assert.DoesNotContain("Exception", run.Output);
    }

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    private static async Task<string> FileWith(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), Unique("offerwall-cli-") + ".json");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static JsonObject Offer(string id, long advertiserId, string name, int holdHours, params string[] goalIds) => new()
    {
        ["id"] = id, ["advertiser_id"] = advertiserId, ["name"] = name, ["tracking_url"] = "https://track.example/go?tx={tx_id}",
        ["categories"] = new JsonArray("puzzle"), ["countries"] = new JsonArray("us"),
        ["goals"] = new JsonArray(goalIds.Select(g => (JsonNode)new JsonObject
        {
            ["id"] = g, ["name"] = $"Goal {g}", ["payout"] = 1.5m, ["reward"] = 0.75m, ["kind"] = "dynamic", ["hold_hours"] = holdHours,
        }).ToArray()),
    };

    private async Task<CliRun> ImportAsync(params JsonObject[] offers)
    {
        var path = await FileWith(new JsonArray(offers.Select(o => (JsonNode)o).ToArray()).ToJsonString());
        try { return await CliAsync("offers", "import", "--file", path); }
        finally { File.Delete(path); }
    }

    private async Task<HttpResponseMessage> ConversionsApiAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/partner/conversions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await app.Client.SendAsync(request);
    }

    /// <summary>
    /// A partner, an advertiser and an offer made with the CLI; a user's click through the client
    /// API; and <paramref name="count"/> pending conversions reported by the advertiser's signed postbacks.
    /// </summary>
    private async Task<(long PartnerId, List<long> Conversions)> PendingConversionsAsync(int count)
    {
        var partner = await Succeeds("partners", "create", "--name", Unique("Partner "), "--currency-name", "Coins", "--currency-ratio", "100",
            "--revenue-share", "0.5");
        var advertiser = await Succeeds("advertisers", "create", "--name", Unique("Advertiser "));
        var offerId = Unique("cli");
        // Open to every country: these test requests come from no address a country database knows.
        var offer = Offer(offerId, advertiser.Id("Advertiser id"), "Held game", holdHours: 24, "1");
        offer.Remove("countries");
        var import = await ImportAsync(offer);
        Assert.Equal(0, import.Exit);

        using var start = new HttpRequestMessage(HttpMethod.Post, $"/v1/client/offers/{offerId}/start");
        start.Headers.Add("X-Api-Token", partner.Value("App token (client API)"));
        start.Headers.Add("X-User-Id", "cli-user");
        var started = await app.Client.SendAsync(start);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var txId = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["data"]!["tx_id"]!;

        var conversions = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var parameters = new Dictionary<string, string>
            {
                ["tx_id"] = txId, ["goal_id"] = offerId + "_1", ["event_id"] = $"event-{i}", ["payout"] = "2.00", ["status"] = "pending",
            };
            parameters[AdvertiserSignature.Parameter] = AdvertiserSignature.Sign(advertiser.Value("Secret"), AdvertiserSignature.Canonical(parameters));
            var reported = await app.Client.GetAsync($"{AdvertiserPostbackApi.Path}?{AdvertiserSignature.Canonical(parameters)}&signature={parameters["signature"]}");
            var body = JsonNode.Parse(await reported.Content.ReadAsStringAsync())!;
            Assert.True(reported.StatusCode == HttpStatusCode.OK, body.ToJsonString());
            Assert.Equal("pending", (string?)body["conversion_status"]);
            conversions.Add((long)body["transaction_id"]!);
        }
        return (partner.Id("Partner id"), conversions);
    }

    private Task<ConversionStatus> StatusAsync(long id) => app.WithDb(db => db.Conversions.Where(c => c.Id == id).Select(c => c.Status).SingleAsync());

    [Fact]
    public async Task PartnerCreatedByTheCliCallsTheDataApiWithItsKeyAndARotatedKeyLocksTheOldOneOut()
    {
        var name = Unique("Coin Quest ");
        var created = await Succeeds("partners", "create", "--name", name, "--currency-name", "Coins", "--currency-ratio", "100",
            "--revenue-share", "0.5", "--postback-url", "https://partner.example/pb", "--surveys", "--stateful-postbacks");
        var id = created.Id("Partner id");
        var oldKey = created.Value("Server key (Data API)");
        Assert.StartsWith("ow_sk_", oldKey);
        Assert.StartsWith("ow_app_", created.Value("App token (client API)"));
        Assert.NotEmpty(created.Value("Postback secret"));
        var partner = await app.WithDb(db => db.Partners.SingleAsync(p => p.Id == id));
        Assert.Equal((name, 100m, 0.5m, "https://partner.example/pb", true, true),
            (partner.Name, partner.CurrencyRatio, partner.RevenueShare, partner.PostbackUrl, partner.SurveysEnabled, partner.StatefulPostbacks));
        Assert.Equal(HttpStatusCode.OK, (await ConversionsApiAsync(oldKey)).StatusCode);

        var listed = await Succeeds("partners", "list");
        Assert.Contains(name, listed.Output);
        Assert.DoesNotContain(oldKey, listed.Output);

        var newKey = (await Succeeds("partners", "rotate-key", "--id", id.ToString(CultureInfo.InvariantCulture))).Value("Server key (Data API)");
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ConversionsApiAsync(oldKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConversionsApiAsync(newKey)).StatusCode);

        var unknown = await CliAsync("partners", "rotate-key", "--id", "999999999");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("No partner has id 999999999.", unknown.Output);
    }

    [Fact]
    public async Task ImportCreatesTheOfferAndItsGoalsAndReimportUpdatesThemKeepingGoalUuids()
    {
        var advertiserId = (await Succeeds("advertisers", "create", "--name", "Import advertiser", "--allowed-ips", "10.0.0.0/8")).Id("Advertiser id");
        var offerId = Unique("imp");

        var first = await ImportAsync(Offer(offerId, advertiserId, "Royal Match", holdHours: 0, "1", "2"));
        Assert.True(first.Exit == 0, first.Output);
        Assert.Contains("1 created, 0 updated", first.Output);
        var goals = await app.WithDb(db => db.Offers.Where(o => o.PublicId == offerId).SelectMany(o => o.Goals).ToDictionaryAsync(g => g.PublicId, g => g.Uuid));
        Assert.Equal([offerId + "_1", offerId + "_2"], goals.Keys.Order());
        Assert.Equal("US", await app.WithDb(db => db.Offers.Where(o => o.PublicId == offerId).Select(o => o.Countries).SingleAsync()));

        var second = await ImportAsync(Offer(offerId, advertiserId, "Royal Match 2", holdHours: 0, "1", "2", "3"));
        Assert.True(second.Exit == 0, second.Output);
        Assert.Contains("0 created, 1 updated", second.Output);
        var (offers, name, after) = await app.WithDb(async db => (
            await db.Offers.CountAsync(o => o.PublicId == offerId),
            await db.Offers.Where(o => o.PublicId == offerId).Select(o => o.Name).SingleAsync(),
            await db.Offers.Where(o => o.PublicId == offerId).SelectMany(o => o.Goals).ToDictionaryAsync(g => g.PublicId, g => g.Uuid)));
        Assert.Equal(1, offers);
        Assert.Equal("Royal Match 2", name);
        Assert.Equal(3, after.Count);
        Assert.Equal(goals[offerId + "_1"], after[offerId + "_1"]);
        Assert.Equal(goals[offerId + "_2"], after[offerId + "_2"]);
    }

    [Fact]
    public async Task ImportWithErrorsPrintsEveryErrorWritesNothingAndExitsTwo()
    {
        var advertiserId = (await Succeeds("advertisers", "create", "--name", "Import advertiser")).Id("Advertiser id");
        var good = Unique("good");
        var bad = Offer(Unique("bad"), 999_999_999, "Bad", holdHours: 0, "1");
        bad["goals"]![0]!["payout"] = -1;

        var run = await ImportAsync(Offer(good, advertiserId, "Good", holdHours: 0, "1"), bad);
        Assert.Equal(2, run.Exit);
        Assert.Contains("offers[1].advertiser_id", run.Output);
        Assert.Contains("offers[1].goals[0].payout", run.Output);
        Assert.Contains("nothing was written", run.Output);
        Assert.False(await app.WithDb(db => db.Offers.AnyAsync(o => o.PublicId == good)));
    }

    [Fact]
    public async Task BadInputPrintsAClearMessageAndExitsTwoWithoutAStackTrace()
    {
        var broken = await FileWith("[{\"id\": \"x\", \"goals\": [");
        var notAnArray = await FileWith("{\"id\": \"x\"}");
        try
        {
            (string[] Args, string Message)[] cases =
            [
                (["offers", "import", "--file", "/nonexistent/offers.json"], "Cannot read /nonexistent/offers.json"),
                (["offers", "import", "--file", broken], "is not a JSON array of offers"),
                (["offers", "import", "--file", notAnArray], "is not a JSON array of offers"),
                (["offers", "import"], "Option '--file' is required."),
                (["partners", "create", "--name", "X", "--currency-name", "C", "--currency-ratio", "abc", "--revenue-share", "0.5"],
                    "--currency-ratio must be a number such as 0.5, not 'abc'."),
                (["partners", "create", "--name", "X", "--currency-name", "C", "--currency-ratio", "100", "--revenue-share", "2"], "revenue_share"),
                (["partners", "rotate-key", "--id", "seven"], "--id must be a whole number, not 'seven'."),
                (["advertisers", "create", "--name", "X", "--allowed-ips", "not-an-ip"], "allowed_ips"),
                (["promotions", "create", "--starts-at", "tomorrow", "--ends-at", "2026-12-01"], "--starts-at must be an ISO 8601 date"),
                (["promotions", "create", "--starts-at", "2026-12-02", "--ends-at", "2026-12-01"], "The promotion must end after it starts."),
                (["conversions", "list", "--status", "paid"], "--status must be pending, approved, cancelled or reversed"),
                (["conversions", "list", "--limit", "5000"], "--limit must be a whole number from 1 to 1000"),
                (["conversions", "export", "--out", "x.csv", "--from-date", "2026-13-01"], "--from-date must be a day written YYYY-MM-DD"),
                (["conversions", "export", "--out", "x.csv", "--from-date", "2026-11-20", "--to-date", "2026-11-19"], "--from-date must not be after --to-date."),
                (["conversions", "export", "--out", "/nonexistent/dir/x.csv"], "Cannot write /nonexistent/dir/x.csv"),
            ];
            foreach (var (args, message) in cases)
            {
                var run = await CliAsync(args);
                Assert.True(run.Exit == 2 && run.Output.Contains(message, StringComparison.Ordinal),
                    $"offerwall {string.Join(' ', args)} exited {run.Exit}, expected 2 and '{message}':\n{run.Output}");
                NoStackTrace(run);
            }
        }
        finally
        {
            File.Delete(broken);
            File.Delete(notAnArray);
        }
    }

    [Fact]
    public async Task ApproveCancelAndReverseMoveConversionsAndAWrongStateExitsOne()
    {
        var (partnerId, ids) = await PendingConversionsAsync(3);
        var (approved, cancelled, pending) = (ids[0], ids[1], ids[2]);
        string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

        Assert.Contains($"Conversion {approved} is now approved.", (await Succeeds("conversions", "approve", "--id", Id(approved), "--reason", "checked")).Output);
        Assert.Equal(ConversionStatus.Approved, await StatusAsync(approved));
        Assert.Contains($"Conversion {cancelled} is now cancelled.", (await Succeeds("conversions", "cancel", "--id", Id(cancelled), "--reason", "fraud")).Output);
        Assert.Equal(ConversionStatus.Cancelled, await StatusAsync(cancelled));
        Assert.Contains($"Conversion {approved} is now reversed.", (await Succeeds("conversions", "reverse", "--id", Id(approved))).Output);
        Assert.Equal(ConversionStatus.Reversed, await StatusAsync(approved));

        var again = await CliAsync("conversions", "reverse", "--id", Id(approved));
        Assert.Equal(1, again.Exit);
        Assert.Contains($"Cannot reverse conversion {approved}: it is reversed.", again.Output);
        var approveCancelled = await CliAsync("conversions", "approve", "--id", Id(cancelled));
        Assert.Equal(1, approveCancelled.Exit);
        Assert.Contains($"Cannot approve conversion {cancelled}: it is cancelled.", approveCancelled.Output);
        var unknown = await CliAsync("conversions", "cancel", "--id", "999999999");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("No conversion has id 999999999.", unknown.Output);
        Assert.Equal(ConversionStatus.Pending, await StatusAsync(pending));

        var (ledger, changes) = await app.WithDb(async db => (
            await db.Ledger.Where(l => l.TransactionId == approved).OrderBy(l => l.Reverse).Select(l => l.Reverse).ToListAsync(),
            await db.ConversionChanges.Where(c => c.ConversionId == approved || c.ConversionId == cancelled).Where(c => c.FromStatus != null)
                .OrderBy(c => c.Id).Select(c => new { c.ConversionId, c.ToStatus, c.Actor, c.Reason }).ToListAsync()));
        Assert.Equal([false, true], ledger);
        Assert.Equal(new[]
        {
            new { ConversionId = approved, ToStatus = ConversionStatus.Approved, Actor = ConversionCommands.Actor, Reason = "checked" },
            new { ConversionId = cancelled, ToStatus = ConversionStatus.Cancelled, Actor = ConversionCommands.Actor, Reason = "fraud" },
            new { ConversionId = approved, ToStatus = ConversionStatus.Reversed, Actor = ConversionCommands.Actor, Reason = "" },
        }, changes);
        Assert.False(await app.WithDb(db => db.Ledger.AnyAsync(l => l.TransactionId == cancelled)));

        var list = await Succeeds("conversions", "list", "--partner-id", Id(partnerId), "--status", "pending");
        var row = Assert.Single(list.Output.Split('\n'), line => line.Contains("cli-user", StringComparison.Ordinal));
        Assert.Matches($@"\b{pending}\b.*\b{partnerId}\b.*\bpending\b", row);
        Assert.Contains("1 conversions, newest first.", list.Output);
    }

    [Fact]
    public async Task ExportWritesOneCsvRowPerLedgerRowOfThePartnerInTheEasternDays()
    {
        var p = await TestPartner.CreateAsync(app);
        var other = await TestPartner.CreateAsync(app);
        var nov20 = new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
        await p.ConvertAsync(nov20.AddDays(-2));
        var kept = await p.ConvertAsync(nov20, "user, \"quoted\"");
        await p.ConvertAsync(nov20.AddHours(1));
        await p.ConvertAsync(new DateTime(2026, 11, 22, 4, 0, 0, DateTimeKind.Utc)); // 23:00 on the 21st, Eastern
        await p.ConvertAsync(nov20.AddDays(3));
        await p.ReverseAsync(kept, nov20.AddDays(1));
        await other.ConvertAsync(nov20);

        var path = Path.Combine(Path.GetTempPath(), Unique("offerwall-export-") + ".csv");
        try
        {
            var run = await Succeeds("conversions", "export", "--out", path, "--partner-id", p.Partner.Id.ToString(CultureInfo.InvariantCulture),
                "--from-date", "2026-11-19", "--to-date", "2026-11-21");
            var (fromUtc, toUtc) = EasternTime.Range(new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 21));
            var expected = await app.WithDb(db => db.Ledger.CountAsync(l => l.PartnerId == p.Partner.Id && l.OccurredAt >= fromUtc && l.OccurredAt < toUtc));
            var lines = await File.ReadAllLinesAsync(path);
            Assert.Equal(ConversionAdmin.CsvHeader, lines[0]);
            Assert.Equal(4, expected);
            Assert.Equal(expected, lines.Length - 1);
            Assert.Contains($"Exported {expected} ledger rows", run.Output);
            Assert.Contains(lines, l => l.StartsWith($"{kept},1,\"user, \"\"quoted\"\"\",", StringComparison.Ordinal));
            // The partner, the advertiser's payout (TestPartner's is twice the partner's 0.55) and the margin close the row.
            Assert.All(lines[1..], l => Assert.EndsWith($",{p.Partner.Id},1.1,0.55", l, StringComparison.Ordinal));
            Assert.False(File.Exists(path + ".partial"));

            await Succeeds("conversions", "export", "--out", path, "--partner-id", p.Partner.Id.ToString(CultureInfo.InvariantCulture),
                "--from-date", "2026-01-01", "--to-date", "2026-12-31");
            Assert.Equal(await app.WithDb(db => db.Ledger.CountAsync(l => l.PartnerId == p.Partner.Id)), (await File.ReadAllLinesAsync(path)).Length - 1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task PromotionCreatedByTheCliIsStoredInUtc()
    {
        var p = await TestPartner.CreateAsync(app);
        var run = await Succeeds("promotions", "create", "--offer-id", p.Game.PublicId, "--partner-id", p.Partner.Id.ToString(CultureInfo.InvariantCulture),
            "--multiplier", "2", "--bonus", "0.25", "--starts-at", "2026-12-01T01:00:00+01:00", "--ends-at", "2026-12-08");
        var id = run.Id("Promotion id");
        var promotion = await app.WithDb(db => db.Promotions.SingleAsync(x => x.Id == id));
        Assert.Equal((p.Game.Id, p.Partner.Id, 2m, 0.25m), (promotion.OfferId, promotion.PartnerId, promotion.Multiplier, promotion.Bonus));
        Assert.Equal(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), promotion.StartsAt);
        Assert.Equal(new DateTime(2026, 12, 8, 0, 0, 0, DateTimeKind.Utc), promotion.EndsAt);

        var unknownOffer = await CliAsync("promotions", "create", "--offer-id", "no-such-offer", "--starts-at", "2026-12-01", "--ends-at", "2026-12-08");
        Assert.Equal(2, unknownOffer.Exit);
        Assert.Contains("offer_id: No offer has this id.", unknownOffer.Output);
    }
}
