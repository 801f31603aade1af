using System.Globalization;
using System.Runtime;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Offerwall.Bench;

/// <summary>
/// The `baseline-server` command: the least an ASP.NET Core server can do for the same answers, run
/// as its own process with the server's GC settings (scripts/bench sets them), so "offerwall vs
/// baseline" compares the server's own work and nothing else: no database, no authentication.
/// /page is a 1,000-row page of the Data API's shape (same keys, value types and envelope), held as
/// typed objects and serialized on every request with the server's JSON options; /1kb is a fixed 1 KB
/// JSON document, the floor for the client API's small answers. /captured serves the bytes last PUT there
/// (empty until then): the bench stores one real answer of the server at setup (the wall's offer list), so
/// the baseline answers the very same JSON from memory.
/// </summary>
public static class BaselineServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args);
        var port = a.Number("port", 0, 1, 65535, required: true);
        if (a.Finish() is { } error)
        {
            Console.Error.WriteLine($"{error}\n{RunOptions.Usage}");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        // The server's JSON settings (src/Offerwall/Hosting/OfferwallApp.cs).
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        var app = builder.Build();
        var page = BuildPage($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/data/partner/conversions");
        var oneKb = BuildOneKb();
        app.MapGet("/page", () => TypedResults.Ok(page));
        app.MapGet("/1kb", () => TypedResults.Bytes(oneKb, "application/json"));
        var captured = Array.Empty<byte>();
        app.MapGet("/captured", () => TypedResults.Bytes(Volatile.Read(ref captured), "application/json"));
        app.MapPut("/captured", async (HttpRequest request) =>
        {
            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy);
            Volatile.Write(ref captured, copy.ToArray());
            return TypedResults.NoContent();
        });
        await app.StartAsync();
        Console.WriteLine($"baseline server on {app.Urls.First()} (server GC {GCSettings.IsServerGC}, GC latency mode {GCSettings.LatencyMode}); " +
                          $"/page: {page.Data.Count} rows, /1kb: {oneKb.Length} bytes");
        await app.WaitForShutdownAsync();
        return 0;
    }

    public sealed record Row(
        string UserId, long TransactionId, decimal Reward, decimal Payout, string OfferId, string OfferName, string Note,
        string DateTime, decimal RewardLocalCurrency, string GoalId,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Reverse,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SurveyId);

    public sealed record Page(IReadOnlyList<Row> Data, Links Links, Meta Meta);
    public sealed record Links(string First, string Last, string? Prev, string? Next);
    public sealed record PageLink(string? Url, string Label, bool Active);
    public sealed record Meta(int CurrentPage, int? From, int LastPage, IReadOnlyList<PageLink> Links, string Path, int PerPage, int? To, long Total);

    /// <summary>Page 500 of 1,000 (both "..." gaps in meta.links, as a middle page has), values shaped like the demo's.</summary>
    private static Page BuildPage(string path)
    {
        const int perPage = 1000, current = 500, last = 1000;
        var random = new Random(7);
        string[] games = ["Royal Match", "Coin Master", "Club Vegas Slots", "Township", "Monopoly Go", "Bingo Blitz"];
        var offers = Enumerable.Range(0, 50).Select(i => (Id: RandomId(random), Name: $"{games[i % games.Length]} {i / games.Length + 1}")).ToArray();
        var start = new DateTime(2026, 11, 10, 0, 0, 0);
        var rows = Enumerable.Range(0, perPage).Select(i =>
        {
            var offer = offers[random.Next(offers.Length)];
            var reward = random.Next(5, 500) / 100m;
            var user = random.Next(1, 100_000);
            return new Row(
                $"{(user % 3 == 0 ? "Player" : "user")}-{user:D6}{(char)('a' + random.Next(26))}", 4_000_000 + i,
                reward, Math.Round(reward * 1.1m, 2), offer.Id, offer.Name, $"Level {random.Next(2, 60)} Reached",
                start.AddSeconds(i * 7).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Math.Round(reward * 100m, 0), $"{offer.Id}_{random.Next(0, 5)}",
                random.Next(100) < 3 ? 1 : null, null, null);
        }).ToList();

        var prefix = $"{path}?from_date=2026-11-01&to_date=2026-11-30&per_page={perPage}&page=";
        string Url(int p) => prefix + p.ToString(CultureInfo.InvariantCulture);
        var links = new List<PageLink> { new(Url(current - 1), "« Previous", false) };
        links.AddRange(new[] { 1, 2 }.Select(p => new PageLink(Url(p), $"{p}", false)));
        links.Add(new PageLink(null, "...", false));
        links.AddRange(Enumerable.Range(current - 3, 7).Select(p => new PageLink(Url(p), $"{p}", p == current)));
        links.Add(new PageLink(null, "...", false));
        links.AddRange(new[] { last - 1, last }.Select(p => new PageLink(Url(p), $"{p}", false)));
        links.Add(new PageLink(Url(current + 1), "Next »", false));
        var from = (current - 1) * perPage + 1;
        return new Page(rows, new Links(Url(1), Url(last), Url(current - 1), Url(current + 1)),
            new Meta(current, from, last, links, path, perPage, from + perPage - 1, (long)last * perPage));
    }

    private static string RandomId(Random random)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(12, random, (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = alphabet[r.Next(alphabet.Length)]; });
    }

    /// <summary>A success envelope like the client API's, padded to exactly 1,024 bytes.</summary>
    private static byte[] BuildOneKb()
    {
        byte[] Json(string padding) => JsonSerializer.SerializeToUtf8Bytes(new
        {
            data = new
            {
                id = "um8r12EkzZC9", anchor = "Royal Match 2", status = "in_progress", points = "130.12", currency = "Coins",
                clicked_at = "2026-11-23T07:08:19Z", description = padding,
            },
            status = "success",
            trace_id = "0123456789abcdef",
        });
        return Json(new string('x', 1024 - Json("").Length));
    }
}
