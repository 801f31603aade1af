using System.Net;
using System.Text.Json.Nodes;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.PartnerApi;

/// <summary>GET /data/partner/conversions over HTTP, as a partner integrating seed 000 uses it.</summary>
public abstract class ConversionsApiTests(AppFixture app)
{
    // 2026-11-20 12:00 UTC is 07:00 EST.
    private static readonly DateTime Nov20 = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    private static async Task<JsonObject> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static string[] Keys(JsonObject o) => o.Select(p => p.Key).ToArray();

    [Fact]
    public async Task SeedExampleRequestAnswersInTheSeedsShapeKeyByKey()
    {
        var p = await TestPartner.CreateAsync(app);
        var t1 = await p.ConvertAsync(new DateTime(2024, 12, 4, 11, 24, 55, DateTimeKind.Utc), "tWAek9twniogX0e", reward: 0m, payout: 11.05m);
        var t2 = await p.ConvertAsync(new DateTime(2024, 12, 4, 11, 25, 36, DateTimeKind.Utc), "tWAek9twniogX0e", reward: 40m, payout: 0m);

        var response = await p.ConversionsAsync($"?from_date=2024-12-01&to_date=2024-12-16&user_id=tWAek9twniogX0e&offer_id={p.Game.PublicId}&is_reverse=false&per_page=2&page=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var body = await Json(response);

        Assert.Equal(["data", "links", "meta"], Keys(body));
        var rows = body["data"]!.AsArray();
        Assert.Equal(2, rows.Count);
        var row = rows[0]!.AsObject();
        Assert.Equal(["user_id", "transaction_id", "reward", "payout", "offer_id", "offer_name", "note", "date_time", "reward_local_currency", "goal_id"], Keys(row));
        Assert.Equal("tWAek9twniogX0e", (string?)row["user_id"]);
        Assert.Equal(t1, (long)row["transaction_id"]!);
        Assert.Equal("0", row["reward"]!.ToJsonString());
        Assert.Equal("11.05", row["payout"]!.ToJsonString());
        Assert.Equal(p.Game.PublicId, (string?)row["offer_id"]);
        Assert.Equal("Game A", (string?)row["offer_name"]);
        Assert.Equal("Game A goal", (string?)row["note"]);
        Assert.Equal("2024-12-04 06:24:55", (string?)row["date_time"]);
        Assert.Equal("0", row["reward_local_currency"]!.ToJsonString());
        Assert.Equal(p.Game.Goals[0].PublicId, (string?)row["goal_id"]);
        Assert.Equal(t2, (long)rows[1]!["transaction_id"]!);
        Assert.Equal("40", rows[1]!["reward"]!.ToJsonString());
        Assert.Equal("4000", rows[1]!["reward_local_currency"]!.ToJsonString());

        var links = body["links"]!.AsObject();
        Assert.Equal(["first", "last", "prev", "next"], Keys(links));
        var expectedPrefix = "http://localhost/data/partner/conversions?from_date=2024-12-01&to_date=2024-12-16&user_id=tWAek9twniogX0e" +
            $"&offer_id={p.Game.PublicId}&is_reverse=false&per_page=2&page=";
        Assert.Equal(expectedPrefix + "1", (string?)links["first"]);
        Assert.Equal(expectedPrefix + "1", (string?)links["last"]);
        Assert.Null(links["prev"]);
        Assert.Null(links["next"]);

        var meta = body["meta"]!.AsObject();
        Assert.Equal(["current_page", "from", "last_page", "links", "path", "per_page", "to", "total"], Keys(meta));
        Assert.Equal(1, (int)meta["current_page"]!);
        Assert.Equal(1, (int)meta["from"]!);
        Assert.Equal(1, (int)meta["last_page"]!);
        Assert.Equal("http://localhost/data/partner/conversions", (string?)meta["path"]);
        Assert.Equal(2, (int)meta["per_page"]!);
        Assert.Equal(2, (int)meta["to"]!);
        Assert.Equal(2, (int)meta["total"]!);
        var metaLinks = meta["links"]!.AsArray().Select(l => l!.AsObject()).ToArray();
        Assert.All(metaLinks, l => Assert.Equal(["url", "label", "active"], Keys(l)));
        Assert.Equal(["« Previous", "1", "Next »"], metaLinks.Select(l => (string)l["label"]!).ToArray());
        Assert.Equal([false, true, false], metaLinks.Select(l => (bool)l["active"]!).ToArray());
        Assert.Null(metaLinks[0]["url"]);
        Assert.Equal(expectedPrefix + "1", (string?)metaLinks[1]["url"]);
        Assert.Null(metaLinks[2]["url"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer \u00e9\u00e8\u00ea")]
    public async Task MissingOrWrongKeyIs401InLaravelsShape(string? authorization)
    {
        await TestPartner.CreateAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/partner/conversions");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"message":"Unauthenticated."}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("Bearer")]
    public async Task SchemeNameIsAcceptedInAnyCase(string scheme)
    {
        var p = await TestPartner.CreateAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/partner/conversions");
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {p.Key}");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("from_date=2024-13-01", "from_date", "The from date field must match the format Y-m-d.")]
    [InlineData("from_date=2024-02-30", "from_date", "The from date field must match the format Y-m-d.")]
    [InlineData("from_date=24-12-01", "from_date", "The from date field must match the format Y-m-d.")]
    [InlineData("from_date=2024-12-01T00:00:00", "from_date", "The from date field must match the format Y-m-d.")]
    [InlineData("to_date=yesterday", "to_date", "The to date field must match the format Y-m-d.")]
    [InlineData("to_date=0001-01-01", "to_date", "The to date field must be a valid date.")]
    [InlineData("from_date=2024-12-10&to_date=2024-12-01", "from_date", "The from date field must be a date before or equal to to date.")]
    [InlineData("per_page=0", "per_page", "The per page field must be between 1 and 1000.")]
    [InlineData("per_page=1001", "per_page", "The per page field must be between 1 and 1000.")]
    [InlineData("per_page=-5", "per_page", "The per page field must be between 1 and 1000.")]
    [InlineData("per_page=99999999999999999999", "per_page", "The per page field must be between 1 and 1000.")]
    [InlineData("per_page=ten", "per_page", "The per page field must be an integer.")]
    [InlineData("per_page=1.5", "per_page", "The per page field must be an integer.")]
    [InlineData("page=0", "page", "The page field must be at least 1.")]
    [InlineData("page=-1", "page", "The page field must be at least 1.")]
    [InlineData("page=abc", "page", "The page field must be an integer.")]
    [InlineData("page=2.0", "page", "The page field must be an integer.")]
    [InlineData("type=game", "type", "The selected type is invalid.")]
    [InlineData("type=OFFER", "type", "The selected type is invalid.")]
    [InlineData("is_reverse=yes", "is_reverse", "The is reverse field must be true or false.")]
    [InlineData("is_reverse=2", "is_reverse", "The is reverse field must be true or false.")]
    [InlineData("user_id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "user_id", "The user id field must not be greater than 50 characters.")]
    public async Task BadInputIs422NamingTheField(string query, string field, string message)
    {
        var p = await TestPartner.CreateAsync(app);
        var response = await p.ConversionsAsync("?" + query);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(["message", "errors"], Keys(body));
        Assert.Equal(message, (string?)body["message"]);
        var errors = body["errors"]!.AsObject();
        Assert.Equal([field], Keys(errors));
        Assert.Equal([message], errors[field]!.AsArray().Select(m => (string)m!).ToArray());
    }

    [Fact]
    public async Task SeveralBadFieldsAreAllNamedAndCounted()
    {
        var p = await TestPartner.CreateAsync(app);
        var body = await Json(await p.ConversionsAsync("?from_date=bad&per_page=0&page=x&type=nope"));
        Assert.Equal(["from_date", "per_page", "page", "type"], Keys(body["errors"]!.AsObject()));
        Assert.Equal("The from date field must match the format Y-m-d. (and 3 more errors)", (string?)body["message"]);
    }

    [Theory]
    [InlineData("is_reverse=true", new[] { "rev" })]
    [InlineData("is_reverse=1", new[] { "rev" })]
    [InlineData("is_reverse=false", new[] { "a", "b" })]
    [InlineData("is_reverse=0", new[] { "a", "b" })]
    [InlineData("is_reverse=", new[] { "a", "b", "rev" })]
    [InlineData("", new[] { "a", "b", "rev" })]
    public async Task IsReverseSelectsReversalsOrTheRest(string query, string[] expected)
    {
        var p = await TestPartner.CreateAsync(app);
        var a = await p.ConvertAsync(Nov20);
        var b = await p.ConvertAsync(Nov20.AddMinutes(1));
        await p.ReverseAsync(a, Nov20.AddMinutes(2));
        var names = new Dictionary<string, (long, bool)> { ["a"] = (a, false), ["b"] = (b, false), ["rev"] = (a, true) };

        var rows = (await Json(await p.ConversionsAsync("?" + query)))["data"]!.AsArray();
        Assert.Equal(expected.Select(n => names[n]).ToArray(),
            rows.Select(r => ((long)r!["transaction_id"]!, r["reverse"] is not null)).ToArray());
    }

    [Fact]
    public async Task ReversalRowRepeatsTheTransactionWithReverseOneAndTheReversedAmounts()
    {
        var p = await TestPartner.CreateAsync(app);
        var t = await p.ConvertAsync(Nov20, reward: 1.25m, payout: 2.5m);
        await p.ReverseAsync(t, Nov20.AddHours(3));
        var rows = (await Json(await p.ConversionsAsync()))["data"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Null(rows[0]!["reverse"]);
        Assert.False(rows[0]!.AsObject().ContainsKey("reverse"));
        Assert.Equal(t, (long)rows[1]!["transaction_id"]!);
        Assert.Equal(1, (int)rows[1]!["reverse"]!);
        Assert.Equal("1.25", rows[1]!["reward"]!.ToJsonString());
        Assert.Equal("125", rows[1]!["reward_local_currency"]!.ToJsonString());
        Assert.Equal("2.5", rows[1]!["payout"]!.ToJsonString());
    }

    [Fact]
    public async Task TypeAndSurveyIdAppearOnlyForPartnersWithSurveys()
    {
        var plain = await TestPartner.CreateAsync(app);
        await plain.ConvertAsync(Nov20);
        var plainRow = (await Json(await plain.ConversionsAsync()))["data"]![0]!.AsObject();
        Assert.False(plainRow.ContainsKey("type"));
        Assert.False(plainRow.ContainsKey("survey_id"));

        var surveys = await TestPartner.CreateAsync(app, surveys: true);
        await surveys.ConvertAsync(Nov20);
        await surveys.ConvertAsync(Nov20.AddMinutes(1), offer: surveys.Survey);
        var rows = (await Json(await surveys.ConversionsAsync()))["data"]!.AsArray();
        Assert.Equal("offer", (string?)rows[0]!["type"]);
        Assert.False(rows[0]!.AsObject().ContainsKey("survey_id"));
        Assert.Equal("survey", (string?)rows[1]!["type"]);
        Assert.StartsWith("s-", (string?)rows[1]!["survey_id"]);
        Assert.Equal(
            ["user_id", "transaction_id", "reward", "payout", "offer_id", "offer_name", "note", "date_time", "reward_local_currency", "goal_id", "type", "survey_id"],
            Keys(rows[1]!.AsObject()));

        var onlySurveys = (await Json(await surveys.ConversionsAsync("?type=survey")))["data"]!.AsArray();
        Assert.Equal("survey", (string?)Assert.Single(onlySurveys)!["type"]);
        var onlyOffers = (await Json(await surveys.ConversionsAsync("?type=offer")))["data"]!.AsArray();
        Assert.Equal("offer", (string?)Assert.Single(onlyOffers)!["type"]);
    }

    [Fact]
    public async Task OfferIdFiltersRows()
    {
        var p = await TestPartner.CreateAsync(app);
        await p.ConvertAsync(Nov20);
        var other = await p.ConvertAsync(Nov20.AddMinutes(1), offer: p.OtherGame);
        var rows = (await Json(await p.ConversionsAsync($"?offer_id={p.OtherGame.PublicId}")))["data"]!.AsArray();
        Assert.Equal(other, (long)Assert.Single(rows)!["transaction_id"]!);
        Assert.Empty((await Json(await p.ConversionsAsync("?offer_id=unknown")))["data"]!.AsArray());
    }

    [Fact]
    public async Task UserIdIsCaseInsensitive()
    {
        var p = await TestPartner.CreateAsync(app);
        var mine = await p.ConvertAsync(Nov20, "AbC-123");
        await p.ConvertAsync(Nov20.AddMinutes(1), "someone-else");
        foreach (var spelling in new[] { "AbC-123", "abc-123", "ABC-123" })
        {
            var rows = (await Json(await p.ConversionsAsync($"?user_id={spelling}")))["data"]!.AsArray();
            var row = Assert.Single(rows)!;
            Assert.Equal(mine, (long)row["transaction_id"]!);
            Assert.Equal("AbC-123", (string?)row["user_id"]);
        }
        Assert.Empty((await Json(await p.ConversionsAsync("?user_id=nobody")))["data"]!.AsArray());
    }

    [Fact]
    public async Task OnePartnerNeverSeesAnothersRows()
    {
        var a = await TestPartner.CreateAsync(app);
        var b = await TestPartner.CreateAsync(app);
        var mine = await a.ConvertAsync(Nov20, "shared-user");
        await b.ConvertAsync(Nov20, "shared-user");
        await b.ConvertAsync(Nov20.AddMinutes(1), "shared-user", offer: b.OtherGame);

        var body = await Json(await a.ConversionsAsync("?user_id=shared-user"));
        Assert.Equal(mine, (long)Assert.Single(body["data"]!.AsArray())!["transaction_id"]!);
        Assert.Equal(1, (int)body["meta"]!["total"]!);
        // Filtering by the other partner's offer finds nothing either.
        Assert.Empty((await Json(await a.ConversionsAsync($"?offer_id={b.OtherGame.PublicId}")))["data"]!.AsArray());
    }

    [Fact]
    public async Task DefaultRangeIsTheLastSevenEasternDaysEndingToday()
    {
        // The fake clock says 2026-11-23 15:00 UTC = 10:00 EST, so the default is 2026-11-17..2026-11-23 Eastern.
        var p = await TestPartner.CreateAsync(app);
        var before = await p.ConvertAsync(new DateTime(2026, 11, 17, 4, 59, 59, DateTimeKind.Utc)); // 11-16 23:59:59 EST
        var first = await p.ConvertAsync(new DateTime(2026, 11, 17, 5, 0, 0, DateTimeKind.Utc)); // 11-17 00:00:00 EST
        var last = await p.ConvertAsync(new DateTime(2026, 11, 23, 14, 59, 0, DateTimeKind.Utc));

        var body = await Json(await p.ConversionsAsync());
        Assert.Equal([first, last], body["data"]!.AsArray().Select(r => (long)r!["transaction_id"]!).ToArray());
        Assert.Equal(1000, (int)body["meta"]!["per_page"]!);
        Assert.Equal("2026-11-17 00:00:00", (string?)body["data"]![0]!["date_time"]);

        // One end given alone keeps the 7-day width.
        var toOnly = await Json(await p.ConversionsAsync("?to_date=2026-11-22"));
        Assert.Equal([before, first], toOnly["data"]!.AsArray().Select(r => (long)r!["transaction_id"]!).ToArray());
        var fromOnly = await Json(await p.ConversionsAsync("?from_date=2026-11-16"));
        Assert.Equal(3, fromOnly["data"]!.AsArray().Count);
    }

    [Theory]
    // Spring forward: 2026-03-08 starts at 05:00 UTC (EST) and ends at 04:00 UTC on 03-09 (EDT).
    [InlineData("2026-03-08", "2026-03-08T04:59:59Z", "2026-03-08T05:00:00Z", "2026-03-09T03:59:59Z", "2026-03-09T04:00:00Z", "2026-03-08 00:00:00", "2026-03-08 23:59:59")]
    // Fall back: 2026-11-01 starts at 04:00 UTC (EDT) and ends at 05:00 UTC on 11-02 (EST); it is 25 hours long.
    [InlineData("2026-11-01", "2026-11-01T03:59:59Z", "2026-11-01T04:00:00Z", "2026-11-02T04:59:59Z", "2026-11-02T05:00:00Z", "2026-11-01 00:00:00", "2026-11-01 23:59:59")]
    public async Task EasternDaysAreRightAcrossDaylightSavingChanges(string day, string before, string first, string last, string after, string firstShown, string lastShown)
    {
        var p = await TestPartner.CreateAsync(app);
        DateTime Utc(string s) => DateTime.Parse(s, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        await p.ConvertAsync(Utc(before));
        var inFirst = await p.ConvertAsync(Utc(first));
        var inLast = await p.ConvertAsync(Utc(last));
        await p.ConvertAsync(Utc(after));

        var rows = (await Json(await p.ConversionsAsync($"?from_date={day}&to_date={day}")))["data"]!.AsArray();
        Assert.Equal([inFirst, inLast], rows.Select(r => (long)r!["transaction_id"]!).ToArray());
        Assert.Equal([firstShown, lastShown], rows.Select(r => (string)r!["date_time"]!).ToArray());
    }

    [Fact]
    public async Task DateTimeIsEasternWallClockInSummerAndWinter()
    {
        var p = await TestPartner.CreateAsync(app);
        await p.ConvertAsync(new DateTime(2026, 7, 4, 16, 30, 15, DateTimeKind.Utc));
        await p.ConvertAsync(new DateTime(2026, 1, 15, 16, 30, 15, DateTimeKind.Utc));
        var rows = (await Json(await p.ConversionsAsync("?from_date=2026-01-01&to_date=2026-12-31")))["data"]!.AsArray();
        Assert.Equal(["2026-01-15 11:30:15", "2026-07-04 12:30:15"], rows.Select(r => (string)r!["date_time"]!).ToArray());
    }

    [Fact]
    public async Task RowsAreOldestFirstThenByTransactionId()
    {
        var p = await TestPartner.CreateAsync(app);
        var late = await p.ConvertAsync(Nov20.AddMinutes(5));
        var early = await p.ConvertAsync(Nov20);
        var sameSecond = await p.ConvertAsync(Nov20);
        var rows = (await Json(await p.ConversionsAsync()))["data"]!.AsArray();
        Assert.Equal([early, sameSecond, late], rows.Select(r => (long)r!["transaction_id"]!).ToArray());
    }

    [Fact]
    public async Task EmptyRangeIsOnePageWithNullFromAndTo()
    {
        var p = await TestPartner.CreateAsync(app);
        var body = await Json(await p.ConversionsAsync("?per_page=10"));
        Assert.Empty(body["data"]!.AsArray());
        var meta = body["meta"]!;
        Assert.Equal(1, (int)meta["current_page"]!);
        Assert.Equal(1, (int)meta["last_page"]!);
        Assert.Null(meta["from"]);
        Assert.Null(meta["to"]);
        Assert.Equal(0, (int)meta["total"]!);
        Assert.Equal(["« Previous", "1", "Next »"], meta["links"]!.AsArray().Select(l => (string)l!["label"]!).ToArray());
        Assert.True((bool)meta["links"]![1]!["active"]!);
        Assert.EndsWith("page=1", (string?)body["links"]!["last"]);
    }

    [Fact]
    public async Task LastPartialPageAndPageAfterTheEnd()
    {
        var p = await TestPartner.CreateAsync(app);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await p.ConvertAsync(Nov20.AddMinutes(i)));

        var last = await Json(await p.ConversionsAsync("?per_page=2&page=3"));
        Assert.Equal([ids[4]], last["data"]!.AsArray().Select(r => (long)r!["transaction_id"]!).ToArray());
        Assert.Equal(5, (int)last["meta"]!["from"]!);
        Assert.Equal(5, (int)last["meta"]!["to"]!);
        Assert.Equal(3, (int)last["meta"]!["last_page"]!);
        Assert.EndsWith("per_page=2&page=2", (string?)last["links"]!["prev"]);
        Assert.Null(last["links"]!["next"]);

        var past = await Json(await p.ConversionsAsync("?per_page=2&page=9"));
        Assert.Empty(past["data"]!.AsArray());
        Assert.Equal(9, (int)past["meta"]!["current_page"]!);
        Assert.Null(past["meta"]!["from"]);
        Assert.Null(past["meta"]!["to"]);
        Assert.Equal(5, (int)past["meta"]!["total"]!);
        Assert.EndsWith("page=8", (string?)past["links"]!["prev"]);
        Assert.Null(past["links"]!["next"]);
        Assert.DoesNotContain(past["meta"]!["links"]!.AsArray(), l => (bool)l!["active"]!);
    }

    [Theory]
    [InlineData(13, 1, new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13" })]
    [InlineData(14, 1, new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "...", "13", "14" })]
    [InlineData(14, 8, new[] { "1", "2", "...", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14" })]
    public async Task PageLinksFollowLaravelsWindow(int pages, int current, string[] labels)
    {
        var p = await TestPartner.CreateAsync(app);
        for (var i = 0; i < pages; i++) await p.ConvertAsync(Nov20.AddMinutes(i));
        var meta = (await Json(await p.ConversionsAsync($"?per_page=1&page={current}")))["meta"]!;
        var links = meta["links"]!.AsArray();
        Assert.Equal(["« Previous", .. labels, "Next »"], links.Select(l => (string)l!["label"]!).ToArray());
        Assert.Equal(current.ToString(), (string?)Assert.Single(links, l => (bool)l!["active"]!)!["label"]);
        Assert.All(links.Where(l => (string)l!["label"]! == "..."), l => Assert.Null(l!["url"]));
        Assert.Equal(pages, (int)meta["last_page"]!);
    }

    [Fact]
    public async Task PageUrlsKeepTheOtherFiltersEncodedWithPageLast()
    {
        var p = await TestPartner.CreateAsync(app);
        await p.ConvertAsync(Nov20, "a b+c");
        await p.ConvertAsync(Nov20.AddMinutes(1), "a b+c");
        var body = await Json(await p.ConversionsAsync("?page=1&user_id=a%20b%2Bc&per_page=1&from_date=2026-11-19"));
        Assert.Equal("http://localhost/data/partner/conversions?user_id=a%20b%2Bc&per_page=1&from_date=2026-11-19&page=2", (string?)body["links"]!["next"]);
        Assert.Equal(2, (int)body["meta"]!["total"]!);
    }

    [Fact]
    public async Task RowWrittenWhilePagingNeitherSkipsNorRepeatsEarlierRows()
    {
        var p = await TestPartner.CreateAsync(app);
        var expected = new List<long>();
        for (var i = 0; i < 6; i++) expected.Add(await p.ConvertAsync(Nov20.AddMinutes(i)));

        var seen = new List<long>();
        var page1 = await Json(await p.ConversionsAsync("?per_page=4&page=1"));
        seen.AddRange(page1["data"]!.AsArray().Select(r => (long)r!["transaction_id"]!));
        // A conversion and a reversal of an already-read row are approved while the partner pages.
        expected.Add(await p.ConvertAsync(Nov20.AddHours(1)));
        await p.ReverseAsync(expected[0], Nov20.AddHours(2));
        expected.Add(expected[0]);
        var page2 = await Json(await p.ConversionsAsync("?per_page=4&page=2"));
        seen.AddRange(page2["data"]!.AsArray().Select(r => (long)r!["transaction_id"]!));

        Assert.Equal(expected, seen);
        Assert.Equal(8, (int)page2["meta"]!["total"]!);
        var page3 = await Json(await p.ConversionsAsync("?per_page=4&page=3"));
        Assert.Empty(page3["data"]!.AsArray());
    }

    [Fact]
    public async Task OpenApiDocumentAndDocsPageAreServed()
    {
        var doc = await Json(await app.Client.GetAsync("/openapi/v1.json"));
        Assert.NotNull(doc["paths"]!["/data/partner/conversions"]);
        // The page is written as its rows are read (ConversionPageResult), and documented as the page it is.
        var ok = doc["paths"]!["/data/partner/conversions"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("#/components/schemas/ConversionPage", (string?)ok["$ref"]);
        Assert.NotNull(doc["components"]!["schemas"]!["ConversionRow"]);
        var docs = await app.Client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("text/html", docs.Content.Headers.ContentType!.ToString());
    }
}
