using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Security;

/// <summary>
/// Bad input, generated: a seeded, deterministic stream of malformed, oversized, wrongly encoded
/// and hostile values (SQL and HTML injection, NUL and broken percent-encodings, invalid UTF-8,
/// 10,000-character and 1 MB values, huge, negative and over-precise numbers, impossible dates,
/// emoji, right-to-left and combining-mark user ids, repeated and odd parameter names, dot and
/// encoded-slash path segments, wrong JSON types, deep nesting) sent to every public endpoint:
/// the partner Data API, summary, settings and postback log, the client API, the advertiser
/// postback, the admin API, the pages, and unknown routes and wrong methods under each API.
/// For every request: never a 5xx; an error answer is in that API's own shape; and a rejected
/// request (4xx) leaves every table's row count as it was. Requests that succeed may write (a
/// start with an odd but valid user id, a signed postback with an odd event id, an admin import).
/// A second step stores extreme offers and then uses them through every API (FuzzTests.StoreThenUse.cs).
/// </summary>
public abstract partial class FuzzTests(AppFixture app, LogRecorder logs)
{
    private const int Seed = 20261123;

    private enum Api { Partner, Client, Advertiser, Admin, Page }

    /// <summary>One request. <paramref name="BadAuth"/>: its key or token is wrong, so a route that exists must answer 401.</summary>
    private sealed record Probe(Api Api, HttpMethod Method, string Target, IReadOnlyList<(string Name, string Value)> Headers,
        byte[]? Body = null, string? ContentType = null, bool BadAuth = false);

    [Fact]
    public async Task HostileInputNeverAnswers5xxAlwaysAnswersTheApisErrorShapeAndRejectedRequestsWriteNothing()
    {
        var world = await World.CreateAsync(app);
        var generator = new Generator(new Random(Seed), world);
        var probes = generator.All().ToList();
        var routes = Routes.Of(app);
        var reached = new HashSet<RouteEndpoint>();

        await using var tables = await TableCounts.OpenAsync(app);
        var counts = await tables.ReadAsync();
        var problems = new Dictionary<string, (int Count, string Example)>();
        var byApi = new Dictionary<Api, int>();
        var byStatus = new SortedDictionary<int, int>();
        int serverErrors = 0, rejected = 0, refusedByHttp = 0;
        var secrets = new HashSet<string>(world.Secrets);
        var started = DateTime.UtcNow;

        foreach (var probe in probes)
        {
            // System.Uri canonicalizes the target as a server does on its side (dot segments removed, %2F kept, a stray % escaped).
            var uri = new Uri("http://localhost" + probe.Target);
            var (status, contentType, text) = await SendAsync(probe, uri);
            byApi[probe.Api] = byApi.GetValueOrDefault(probe.Api) + 1;
            if (status == HttpLayerRefusal)
            {
                refusedByHttp++;
                continue;
            }
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            void Fail(string why)
            {
                // One example of each kind of problem, and how often it happened.
                var kind = $"{probe.Api} {status}: {why}";
                if (problems.TryGetValue(kind, out var seen)) problems[kind] = (seen.Count + 1, seen.Example);
                else problems[kind] = (1, $"{probe.Method} {Cut(probe.Target, 240)} [{Describe(probe)}] -> {contentType}: {Cut(text, 400)}");
            }

            if (status >= 500)
            {
                serverErrors++;
                Fail("a 5xx");
            }
            var route = routes.Match(probe.Method, uri.AbsolutePath);
            var api = ApiOf(uri.AbsolutePath);
            if (route is not null) reached.Add(route);
            if (probe.BadAuth && route is not null && Routes.Guarded(route) && status != 401)
                Fail("a wrong key or token on an existing route must answer 401");
            if (route is null && status is >= 200 and < 300 && api != Api.Page)
                Fail("an answer from no known route");
            if (status >= 400 && ShapeError(api, status, contentType, text) is { } shape)
                Fail("not the API's error shape: " + shape);

            if (status is >= 200 and < 400)
            {
                // A request that succeeded may have written (a click link's redirect too); the next rejected one is compared with what it left.
                counts = await tables.ReadAsync();
                if (api != Api.Page) CollectSecrets(text, secrets);
            }
            else
            {
                rejected++;
                var after = await tables.ReadAsync();
                if (!after.SequenceEqual(counts))
                {
                    Fail("a rejected request changed the database: " + tables.Diff(counts, after));
                    counts = after;
                }
            }
        }

        // Every route of every API (and the pages) got requests.
        var missed = routes.Public.Where(r => !reached.Contains(r)).Select(Routes.Name).ToList();
        if (missed.Count > 0) problems["routes no request reached: " + string.Join(", ", missed)] = (missed.Count, "");

        // Keys and secrets went through every endpoint above; none may be in the server's log.
        var leaks = secrets.Where(s => logs.Lines.Any(l => l.Contains(s, StringComparison.Ordinal))).ToList();
        if (leaks.Count > 0) problems["keys or secrets in the server's log"] = (leaks.Count, $"one starts {leaks[0][..6]}");

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"Fuzz on {app.Provider}: {probes.Count} requests tried (seed {Seed}) in {(DateTime.UtcNow - started).TotalSeconds:0.0} s; 5xx answers: {serverErrors}.");
        output?.WriteLine($"  by API: {string.Join(", ", byApi.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}");
        output?.WriteLine($"  by status: {string.Join(", ", byStatus.Select(p => $"{p.Key}: {p.Value}"))}; refused by the HTTP layer (NUL in the path): {refusedByHttp}");
        output?.WriteLine($"  rejected (database unchanged after each): {rejected}; routes reached: {reached.Count(routes.Public.Contains)} of {routes.Public.Count}; " +
            $"log lines scanned for {secrets.Count} keys and secrets: {logs.Lines.Count}");
        Assert.True(problems.Count == 0, $"{problems.Count} kind(s) of problem in {probes.Count} requests:\n" +
            string.Join("\n", problems.Select(p => $"- {p.Key} ({p.Value.Count}x)\n    e.g. {p.Value.Example}")));
        Assert.Equal(0, serverErrors);
    }

    /// <summary>Stands for a request the HTTP server itself refuses, so no app code ever sees it.</summary>
    private const int HttpLayerRefusal = -400;

    /// <summary>Whose error shape a path must answer in: the API it belongs to once the server has canonicalized it.</summary>
    private static Api ApiOf(string path) =>
        Under(path, "/data/partner") ? Api.Partner
        : Under(path, "/v1/client") || Under(path, "/v2/client") || Under(path, "/wall/app") ? Api.Client
        : Under(path, "/postbacks/advertiser") || Under(path, "/postbacks/mmp") ? Api.Advertiser
        : Under(path, "/admin") ? Api.Admin
        : Api.Page;

    private static bool Under(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (path.Length == prefix.Length || path[prefix.Length] == '/');

    private async Task<(int Status, string ContentType, string Text)> SendAsync(Probe probe, Uri uri)
    {
        using var request = new HttpRequestMessage(probe.Method, uri);
        foreach (var (name, value) in probe.Headers) request.Headers.TryAddWithoutValidation(name, value);
        if (probe.Body is not null)
        {
            request.Content = new ByteArrayContent(probe.Body);
            if (probe.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", probe.ContentType);
        }
        HttpResponseMessage response;
        try { response = await app.Client.SendAsync(request); }
        catch (InvalidOperationException e) when (e.Message.Contains("null characters", StringComparison.Ordinal))
        {
            // A NUL in the path: Kestrel's decoder refuses the request line (400) before any app code runs; the test host throws instead.
            return (HttpLayerRefusal, "", "");
        }
        using var _ = response;
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var contentType = response.Content.Headers.ContentType?.ToString() ?? "";
        return ((int)response.StatusCode, contentType, Encoding.UTF8.GetString(bytes));
    }

    private static string Describe(Probe probe) =>
        string.Join("; ", probe.Headers.Select(h => $"{h.Name}: {Cut(h.Value, 60)}")) +
        (probe.Body is null ? "" : $"; body {probe.Body.Length} bytes {probe.ContentType}: {Cut(Encoding.UTF8.GetString(probe.Body), 200)}");

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max] + $"…({s.Length})";

    // ---------------------------------------------------------------- error shapes

    /// <summary>Why <paramref name="text"/> is not <paramref name="api"/>'s error body for <paramref name="status"/>; null when it is.</summary>
    private static string? ShapeError(Api api, int status, string contentType, string text)
    {
        if (api == Api.Page) return null;
        JsonNode? body;
        try { body = JsonNode.Parse(text); }
        catch (JsonException) { return "not JSON"; }
        if (body is not JsonObject o) return "not a JSON object";
        string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        switch (api)
        {
            case Api.Partner:
                // Laravel: {"message"} or, for validation errors, {"message","errors":{field:[messages]}}.
                if (!contentType.StartsWith("application/json", StringComparison.Ordinal)) return "content type " + contentType;
                if (string.IsNullOrEmpty(Str(o["message"]))) return "no message";
                if (o.Select(p => p.Key).Except(["message", "errors"]).FirstOrDefault() is { } extra) return "extra key " + extra;
                if (status == 422)
                {
                    if (o["errors"] is not JsonObject errors || errors.Count == 0) return "422 without errors";
                    if (errors.Any(e => e.Value is not JsonArray { Count: > 0 } a || a.Any(m => Str(m) is null))) return "errors not arrays of messages";
                }
                else if (o.ContainsKey("errors")) return "errors on a " + status;
                return null;
            case Api.Client:
                // {"error":{"details":{"msg","http"}},"status":"error","trace_id"}, keys in that order.
                if (!contentType.StartsWith("application/json", StringComparison.Ordinal)) return "content type " + contentType;
                if (!o.Select(p => p.Key).SequenceEqual(["error", "status", "trace_id"])) return "keys " + string.Join(",", o.Select(p => p.Key));
                if (Str(o["status"]) != "error") return "status is not \"error\"";
                if (!TraceId().IsMatch(Str(o["trace_id"]) ?? "")) return "trace_id is not 16 hex";
                if (o["error"] is not JsonObject { Count: 1 } error || error["details"] is not JsonObject { Count: 2 } details) return "error.details";
                if (string.IsNullOrEmpty(Str(details["msg"]))) return "no msg";
                if (Str(details["http"]) != $"{status} {ReasonPhrases.GetReasonPhrase(status)}") return "http is " + Str(details["http"]);
                return null;
            case Api.Advertiser:
                // {"status":"error","error":{"code","message"}}.
                if (!contentType.StartsWith("application/json", StringComparison.Ordinal)) return "content type " + contentType;
                if (!o.Select(p => p.Key).SequenceEqual(["status", "error"]) || Str(o["status"]) != "error") return "not {status:error, error}";
                if (o["error"] is not JsonObject { Count: 2 } e || !Code().IsMatch(Str(e["code"]) ?? "") || string.IsNullOrEmpty(Str(e["message"])))
                    return "error is not {code, message}";
                return null;
            default:
                // RFC 9457 problem details.
                if (!contentType.StartsWith("application/problem+json", StringComparison.Ordinal)) return "content type " + contentType;
                if (o["status"] is not JsonValue s || s.GetValueKind() != JsonValueKind.Number || s.GetValue<int>() != status) return "status member";
                if (string.IsNullOrEmpty(Str(o["title"]))) return "no title";
                return null;
        }
    }

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex TraceId();

    [GeneratedRegex("^[a-z_]+$")]
    private static partial Regex Code();

    /// <summary>Keys and secrets that successful answers revealed (new partners, rotated keys, new advertisers): the log scan looks for them too.</summary>
    private static void CollectSecrets(string text, HashSet<string> secrets)
    {
        if (!text.Contains("secret", StringComparison.Ordinal) && !text.Contains("server_key", StringComparison.Ordinal)) return;
        try
        {
            void Walk(JsonNode? node)
            {
                switch (node)
                {
                    case JsonObject o:
                        foreach (var (key, value) in o)
                        {
                            if (key is "server_key" or "postback_secret" or "secret" && value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length >= 16) secrets.Add(s);
                            Walk(value);
                        }
                        break;
                    case JsonArray a:
                        foreach (var item in a) Walk(item);
                        break;
                }
            }
            Walk(JsonNode.Parse(text));
        }
        catch (JsonException) { }
    }

    // ---------------------------------------------------------------- the routes

    /// <summary>The server's own route table: which route a request reaches, as ASP.NET Core's routing decides it.</summary>
    private sealed class Routes(IReadOnlyList<RouteEndpoint> endpoints)
    {
        private static readonly string[] PublicPrefixes =
            ["/data/partner", "/v1/client", "/v2/client", "/postbacks/advertiser", "/postbacks/mmp", "/admin", "/wall", "/dashboard", "/health"];

        public static Routes Of(AppFixture app) =>
            new(app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList());

        /// <summary>The routes of the APIs and pages (not /docs and /openapi).</summary>
        public IReadOnlyList<RouteEndpoint> Public => endpoints
            .Where(e => PublicPrefixes.Any(p => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith(p, StringComparison.Ordinal))).ToList();

        /// <summary>Routes behind a partner key, an app token or the admin token.</summary>
        public static bool Guarded(RouteEndpoint e) =>
            Name(e).Split(' ')[1] is var path && (path.StartsWith("/data/partner", StringComparison.Ordinal) || path.StartsWith("/v1/client", StringComparison.Ordinal)
                || path.StartsWith("/v2/client", StringComparison.Ordinal) || path.StartsWith("/admin", StringComparison.Ordinal) || path == "/wall/app");

        public static string Name(RouteEndpoint e) =>
            $"{string.Join('|', e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])} /{e.RoutePattern.RawText?.TrimStart('/')}";

        public RouteEndpoint? Match(HttpMethod method, string path)
        {
            if (path.Length > 1 && path.EndsWith('/')) path = path[..^1];
            // The server decodes the path, all but %2F.
            var segments = path.Split('/')[1..].Select(s => Uri.UnescapeDataString(s.Replace("%2F", "%252F", StringComparison.OrdinalIgnoreCase))).ToArray();
            return endpoints
                .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is not { } methods || methods.Contains(method.Method, StringComparer.OrdinalIgnoreCase))
                .OrderBy(e => e.Order).FirstOrDefault(e => Matches(e.RoutePattern, segments));
        }

        private static bool Matches(RoutePattern pattern, string[] segments)
        {
            if (pattern.PathSegments.Count != segments.Length) return false;
            for (var i = 0; i < segments.Length; i++)
            {
                var segment = pattern.PathSegments[i];
                if (!segment.IsSimple)
                {
                    // "{offerId}.svg": literals as they are, each parameter at least one character.
                    var regex = string.Concat(segment.Parts.Select(p => p is RoutePatternLiteralPart l ? Regex.Escape(l.Content) : "(.+)"));
                    if (!Regex.IsMatch(segments[i], $"^{regex}$", RegexOptions.IgnoreCase)) return false;
                    continue;
                }
                switch (segment.Parts[0])
                {
                    case RoutePatternLiteralPart literal when !string.Equals(literal.Content, segments[i], StringComparison.OrdinalIgnoreCase):
                        return false;
                    case RoutePatternParameterPart parameter:
                        if (segments[i].Length == 0) return false;
                        if (parameter.ParameterPolicies.Any(p => p.Content == "long") && !long.TryParse(segments[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                            return false;
                        break;
                }
            }
            return true;
        }
    }

    // ---------------------------------------------------------------- the database

    /// <summary>Row counts of every table of the model, read in one statement on the DbContext's own connection.</summary>
    private sealed class TableCounts : IAsyncDisposable
    {
        private readonly AsyncServiceScope _scope;
        private readonly DbConnection _connection;
        private readonly string[] _tables;
        private readonly string _sql;

        private TableCounts(AsyncServiceScope scope, DbConnection connection, string[] tables)
        {
            _scope = scope;
            _connection = connection;
            _tables = tables;
            _sql = "SELECT " + string.Join(", ", tables.Select(t => $"(SELECT COUNT(*) FROM \"{t}\")"));
        }

        public static async Task<TableCounts> OpenAsync(AppFixture app)
        {
            var scope = app.Scope();
            var db = scope.ServiceProvider.GetRequiredService<Offerwall.Data.OfferwallDb>();
            var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
            Assert.True(tables.Length >= 10, "the model's tables");
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            return new TableCounts(scope, connection, tables);
        }

        public async Task<long[]> ReadAsync()
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = _sql;
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return Enumerable.Range(0, _tables.Length).Select(i => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture)).ToArray();
        }

        public string Diff(long[] before, long[] after) =>
            string.Join(", ", _tables.Select((t, i) => (t, i)).Where(x => before[x.i] != after[x.i]).Select(x => $"{x.t} {before[x.i]} -> {after[x.i]}"));

        public async ValueTask DisposeAsync()
        {
            await _connection.CloseAsync();
            await _scope.DisposeAsync();
        }
    }

    // ---------------------------------------------------------------- what the requests aim at

    /// <summary>
    /// A partner with a ledger row and a postback delivery, its app's user, the advertiser and
    /// offer (all made through the APIs), and a second partner that fuzzed admin calls may change.
    /// </summary>
    private sealed record World(Market Market, string TxId, long TransactionId, long DeliveryId, long VictimPartnerId, long VictimAdvertiserId,
        long MmpAdvertiserId, string MmpToken, string MmpTxId)
    {
        public IEnumerable<string> Secrets => [Market.ServerKey, Market.PostbackSecret, Market.Secret, AppFixture.AdminToken];

        public static async Task<World> CreateAsync(AppFixture app)
        {
            var m = await Market.CreateAsync(app);
            // Any URL will do: the fuzzing server's postback client never leaves the process.
            await app.WithDb(db => db.Partners.Where(p => p.Id == m.PartnerId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.PostbackUrl, "https://partner.example/pb?tx={transaction_id}&u={user_id}")));
            var tx = await m.StartAsync("fuzz-user");
            var (status, body) = await m.PostbackAsync(tx, m.Install);
            Assert.Equal(HttpStatusCode.OK, status);
            var transactionId = (long)body["transaction_id"]!;
            var deliveryId = await app.WithDb(db => db.PostbackDeliveries.Where(d => d.ConversionId == transactionId).Select(d => d.Id).SingleAsync());
            var victim = await Market.AdminAsync(app, "/admin/partners", new { name = "Fuzz victim", currency_name = "Gems", currency_ratio = 10m, revenue_share = 0.5m });
            // Its secret and addresses are what fuzzed rotations change (the market's advertiser signs the fuzzed postbacks).
            var victimAdvertiser = await Market.AdminAsync(app, "/admin/advertisers", new { name = "Fuzz victim advertiser" });
            // An MMP advertiser (generic profile) with an offer whose event map names its three goals, a click, and a EUR rate.
            var mmp = await Market.AdminAsync(app, "/admin/advertisers", new { name = "Fuzz MMP advertiser", intake_profile = "generic", currency = "EUR" });
            await Market.AdminAsync(app, "/admin/offers/import", new[]
            {
                new
                {
                    id = "fuzzmmp1", advertiser_id = (long)mmp["id"]!, name = "Fuzz MMP offer", tracking_url = "https://mmp.example/c?click_id={tx_id}",
                    goals = new object[]
                    {
                        new { id = "0", name = "Install", payout = 1.5m, reward = 0.5m },
                        new { id = "1", name = "Level", payout = 2m, reward = 1m, hold_hours = 24 },
                        new { id = "2", name = "Purchase", payout = 10m, reward = 3m, kind = "dynamic", display_type = "commission" },
                    },
                },
            });
            await app.WithDb(db => db.Goals.Where(g => g.PublicId.StartsWith("fuzzmmp1_")).ExecuteUpdateAsync(s => s.SetProperty(g => g.MmpEvents,
                g => g.PublicId == "fuzzmmp1_0" ? "install" : g.PublicId == "fuzzmmp1_1" ? "level" : "purchase")));
            await app.WithDb(db => { db.CurrencyRates.Add(new() { Code = "EUR", UsdPerUnit = 1.08m }); return db.SaveChangesAsync(); });
            using var start = new HttpRequestMessage(HttpMethod.Post, "/v1/client/offers/fuzzmmp1/start");
            start.Headers.Add("X-Api-Token", m.AppToken);
            start.Headers.Add("X-User-Id", "fuzz-mmp-user");
            var started = await app.Client.SendAsync(start);
            started.EnsureSuccessStatusCode();
            var mmpTx = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["data"]!["tx_id"]!;
            return new World(m, tx, transactionId, deliveryId, (long)victim["partner"]!["id"]!, (long)victimAdvertiser["id"]!,
                (long)mmp["id"]!, (string)mmp["token"]!, mmpTx);
        }
    }

    // ---------------------------------------------------------------- the generator

    /// <summary>
    /// Hostile values as a client means them (they are percent-encoded on the way), by kind: a value
    /// is drawn by picking a kind first, so each kind is tried about as often, however many values it has.
    /// </summary>
    private static readonly string[][] ValueKinds =
    [
        // plain and JSON-looking
        ["", " ", "a", "0", "1", "-1", "null", "undefined", "true", "false", "[]", "{}", "a b", " padded "],
        // injection: SQL, HTML, templates, paths, URL syntax
        [
            "'", "\"", "`", "\\", "' OR '1'='1", "1' OR 1=1 --", "'; DROP TABLE ledger; --", "\" OR \"\"=\"", "1); SELECT pg_sleep(10); --",
            "') UNION SELECT server_key_hash, postback_secret FROM partners --", "%' OR user_id LIKE '%", "*", "_", "%",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://127.0.0.1/a}", "%s%s%s%n",
            "../../../../etc/passwd", "..\\..\\windows\\win.ini", "/", "//", "?", "#", "&", "=", "+", ";", ",",
        ],
        // control characters and invisible ones
        ["\0", "a\0b", "\0\0\0", "\u0001", "\t", "\r\n", "\u007f", "\u0085", "\u2028", "\u200b", "\uFEFF"],
        // unicode: emoji, right-to-left, combining marks, case mapping oddities, non-characters
        [
            "🎮", "👩‍👩‍👧‍👦", "\u202Eevil\u202C", "שלום", "مرحبا", "e\u0301\u0301\u0301\u0301", "İstanbul", "ß", "ǅ", "\uFFFD", "\uFFFF", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            new string('İ', 50), string.Concat(Enumerable.Repeat("e\u0301", 30)), string.Concat(Enumerable.Repeat("🎮", 25)),
        ],
        // dates out of range, impossible, or in another form
        [
            "0000-00-00", "9999-12-31", "2026-02-30", "2026-13-01", "2026-00-10", "1969-12-31", "1970-01-01", "9000-12-31", "9001-01-01", "0001-01-01",
            "2026-11-23T00:00:00Z", "2026/11/23", "23-11-2026", "+2026-11-23", "２０２６-１１-２３", "٢٠٢٦-١١-٢٣", "2026-11-23 ", "20261123",
        ],
        // numbers: huge, negative, over-precise, other notations
        [
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "2147483647", "2147483648", "-2147483649", "4294967296",
            "1e3", "1E+308", "1e400", "NaN", "Infinity", "-0", "0x1F", "1_000", "1,5", "1.5", "0.0000001", "12.345678901234567890123456789",
            "79228162514264337593543950336", "-0.01", "00001", " 1", "1 ", "١٢٣", "１",
        ],
        // lengths: at and past every limit, and 10,000 characters
        [
            new string('x', 10_000), new string('9', 10_000), string.Concat(Enumerable.Repeat("🎮", 5_000)),
            new string('a', 50), new string('a', 51), new string('a', 64), new string('a', 65), new string('a', 100), new string('a', 101), new string('a', 201),
        ],
    ];

    /// <summary>Encodings no client should send: put in the URL as they are.</summary>
    private static readonly string[] RawEncodings =
    [
        "%00", "a%00b", "%ZZ", "%", "%%", "%2", "%G0", "%C3%28", "%C0%AF", "%E0%80%AF", "%ED%A0%80", "%ED%B0%80", "%F4%90%80%80", "%FF%FE%FD",
        "%C3", "%E2%82", "%2e%2e%2f", "%252e%252e%252f", "%2F", "%5C", "%u0041", "%0D%0A", "%0A", "+", "%2B", "a+b", "%20", "%E2%80%AE", "%EF%BB%BF",
        "%F0%9F%8E%AE", "%C0%80", "%25", "%%32%35",
    ];

    /// <summary>Path segments: dots, encoded slashes and backslashes, and the values above.</summary>
    private static readonly string[] RawSegments =
    [
        ".", "..", "%2e", "%2e%2e", "..%2f", "..%2F..%2F..%2Fetc%2Fpasswd", "%2F", "a%2Fb", "%5C..%5C", "..;", ";a=b", "%3B", "%00", "%ZZ", "%C3%28",
        "%ED%A0%80", "%252F", "%20", "%09", "~", "*", "@", ":", "%3A", "%3F", "%23",
    ];

    /// <summary>JSON values no admin body expects: wrong types, numbers out of every range, bad strings.</summary>
    private static readonly string[] JsonValues =
    [
        "null", "true", "false", "0", "-0", "1", "-1", "-0.01", "0.0000001", "1.1234567", "1e308", "-1e308", "1e400", "1e-400",
        "79228162514264337593543950336", "-79228162514264337593543950336", "79228162514264337593543950335", "7922816251426433759354395033.5",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "2147483647", "2147483648", "-2147483649",
        "123456789012345678901234567890", "100000.0000001", "1000000", "1000000.000001", "99999999999", "0.1e1", "1E+2", "NaN", "Infinity", "-Infinity",
        "01", "+1", ".5", "0x10", "\"\"", "\" \"", "\"1\"", "\"-1\"", "\"1e400\"", "\"abc\"", "[]", "[null]", "[1]", "[\"a\",null]", "[[]]", "{}", "{\"a\":1}",
        "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\uXYZW\"", "\"\\x41\"", "'single'", "\"unterminated", "\"tab\there\"",
        "\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"", "\"🎮👩‍👩‍👧‍👦\"", "\"\\u202Eevil\"", "\"e\\u0301\\u0301\"", "\"İİİ\"",
        "\"9999-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59.9999999-14:00\"", "\"0001-01-01T00:00:00\"", "\"0001-01-01T00:00:00+14:00\"", "\"0000-00-00\"",
        "\"2026-02-30T00:00:00Z\"", "\"2026-11-23\"", "\"2026-11-23T10:00:00+14:00\"", "\"10000-01-01T00:00:00Z\"",
        "\"http://127.0.0.1/\"", "\"http://[::1]:9/pb\"", "\"http://169.254.169.254/latest/meta-data\"", "\"file:///etc/passwd\"", "\"javascript:alert(1)\"",
        "\"https://a.example/{tx_id}{user_id}{{}}\"", "\"https://a.example/" + new string('p', 3000) + "\"", "\"1.2.3.4/33\"", "\"::1, 10.0.0.0/8, x\"",
        "\"get\"", "\"standard_webhooks\"", "\"survey\"", "\"dynamic\"", "\"commission\"", "\"pending\"",
        "\"" + new string('x', 10_000) + "\"", "[" + string.Join(",", Enumerable.Repeat("\"US\"", 2_000)) + "]",
    ];

    private sealed class Generator(Random rng, World world)
    {
        private Market M => world.Market;
        private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];
        private bool Chance(double p) => rng.NextDouble() < p;

        public IEnumerable<Probe> All()
        {
            for (var i = 0; i < 700; i++) yield return PartnerProbe();
            for (var i = 0; i < 600; i++) yield return ClientProbe();
            for (var i = 0; i < 650; i++) yield return AdvertiserProbe();
            for (var i = 0; i < 850; i++) yield return AdminProbe();
            for (var i = 0; i < 150; i++) yield return PageProbe();
            for (var i = 0; i < 200; i++) yield return StrayProbe();
            // Each health route at least once as a prober sends it, then hostile ones.
            yield return Get(Api.Page, "/health/live");
            yield return Get(Api.Page, "/health/ready");
            yield return Get(Api.Admin, "/admin/health", ("Authorization", $"Bearer {AppFixture.AdminToken}"));
            for (var i = 0; i < 30; i++) yield return HealthProbe();
        }

        // ---- values

        private string Hostile() => Pick(Pick(ValueKinds));
        private string HostileEncoded() => Chance(0.2) ? Pick(RawEncodings) : Uri.EscapeDataString(Hostile());
        private string HostileSegment() => Chance(0.3) ? Pick(RawSegments) : Chance(0.2) ? Pick(RawEncodings) : Uri.EscapeDataString(Hostile());

        /// <summary>A header value a real HTTP stack can carry (no CR, LF or NUL: servers refuse those before any app sees them).</summary>
        private string HostileHeader()
        {
            string v;
            do v = Hostile(); while (v.IndexOfAny(['\r', '\n', '\0']) >= 0);
            return v;
        }

        /// <summary>
        /// A query over <paramref name="names"/>: one or two get hostile values, some get valid ones,
        /// and sometimes a parameter repeats, an unknown or oddly named one is added, or the order is shuffled.
        /// </summary>
        private string Query(string[] names, Func<string, string> valid)
        {
            // Mostly one hostile parameter, the others valid or absent, so no other error masks what it does.
            var fuzzed = names.OrderBy(_ => rng.Next()).Take(Chance(0.8) ? 1 : 2).ToHashSet();
            var parts = new List<string>();
            foreach (var name in names)
            {
                if (fuzzed.Contains(name)) parts.Add($"{name}={HostileEncoded()}");
                else if (Chance(0.4)) parts.Add($"{name}={Uri.EscapeDataString(valid(name))}");
            }
            if (Chance(0.15)) { var name = Pick(names); parts.Add($"{name}={Uri.EscapeDataString(valid(name))}"); parts.Add($"{name}={HostileEncoded()}"); }
            if (Chance(0.1)) parts.Add($"{HostileEncoded()}={HostileEncoded()}");
            if (Chance(0.05)) parts.Add($"{Pick(names)}[]={HostileEncoded()}");
            if (Chance(0.05)) parts.Add($"{Pick(names)}[a][b]={HostileEncoded()}");
            if (Chance(0.05)) parts.Add(Pick(names));
            if (Chance(0.05)) parts.Add(Pick(new[] { "&&", "=", "==x", "&=&", ";", "%26%3D" }));
            if (Chance(0.2)) parts = parts.OrderBy(_ => rng.Next()).ToList();
            return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
        }

        private Probe Get(Api api, string target, params (string, string)[] headers) => new(api, HttpMethod.Get, target, headers);

        // ---- the partner API: Data API, summary, settings, postback log (Laravel shapes)

        private static readonly string[] PartnerReportParameters = ["group_by", "from_date", "to_date", "time_zone", "offer_id", "country", "platform"];
        private static readonly string[] AdminReportParameters =
            ["group_by", "from_date", "to_date", "time_zone", "partner_id", "advertiser_id", "offer_id", "goal_id", "country", "platform"];

        /// <summary>A valid value of a report parameter: groupings of every kind, zones with a daylight-saving change.</summary>
        private string ReportValue(string name) => name switch
        {
            "group_by" => Pick(new[] { "day", "hour", "offer", "goal", "country,platform", "day,offer,goal", "partner,advertiser", "hour,country" }),
            "from_date" => "2026-10-20", "to_date" => "2026-11-30",
            "time_zone" => Pick(new[] { "UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland" }),
            "offer_id" => M.OfferId, "goal_id" => M.Install, "country" => "US", "platform" => Pick(new[] { "android", "ios", "web" }),
            _ => "1",
        };

        private static readonly string[] ConversionParameters = ["from_date", "to_date", "user_id", "offer_id", "is_reverse", "per_page", "page", "type"];
        private static readonly string[] PostbackParameters = ["status", "from_date", "to_date", "transaction_id", "per_page", "page"];

        private static readonly string[] CatalogParameters = ["status", "country", "platform", "type", "per_page", "page"];

        private string CatalogValue(string name) => name switch
        {
            "status" => Pick(new[] { "active", "capped", "scheduled", "paused", "all" }), "country" => Pick(new[] { "US", "de" }),
            "platform" => Pick(new[] { "android", "ios", "web" }), _ => ValidPartnerValue(name),
        };

        private string ValidPartnerValue(string name) => name switch
        {
            "from_date" => "2026-11-01", "to_date" => "2026-11-30", "user_id" => "fuzz-user", "offer_id" => M.OfferId, "is_reverse" => "0",
            "per_page" => "10", "page" => "1", "type" => "offer", "status" => "delivered", "transaction_id" => world.TransactionId.ToString(CultureInfo.InvariantCulture),
            _ => "x",
        };

        /// <summary>The partner's key, written as clients write it, or (then 401 is the only right answer) something else.</summary>
        private ((string, string)[] Headers, bool Valid) PartnerAuth()
        {
            if (Chance(0.85)) return ([("Authorization", Pick(new[] { $"Bearer {M.ServerKey}", $"bearer {M.ServerKey}", $"BEARER   {M.ServerKey} " }))], true);
            var bad = Pick(new[]
            {
                "", "Bearer", "Bearer ", $"Bearer {M.ServerKey}x", $"Bearer {M.ServerKey[..^1]}", $"Basic {M.ServerKey}", $"Token {M.ServerKey}", M.ServerKey,
                $"Bearer {M.ServerKey.ToUpperInvariant()}", $"Bearer {AppFixture.AdminToken}", $"Bearer {M.AppToken}", "Bearer " + new string('k', 10_000),
                "Bearer " + HostileHeader(), $"Bearer {M.ServerKey},Bearer {M.ServerKey}",
            });
            return (bad.Length == 0 ? [] : [("Authorization", bad)], false);
        }

        private Probe PartnerProbe()
        {
            var (headers, valid) = PartnerAuth();
            var id = Chance(0.3) ? world.DeliveryId.ToString(CultureInfo.InvariantCulture) : HostileSegment();
            var (method, target) = rng.Next(11) switch
            {
                0 or 1 or 2 => (HttpMethod.Get, "/data/partner/conversions" + Query(ConversionParameters, ValidPartnerValue)),
                10 => (HttpMethod.Get, Pick(new[] { "/data/partner/reports", "/data/partner/reports/export.csv" }) + Query(PartnerReportParameters, ReportValue)),
                9 => (HttpMethod.Get, "/data/partner/offers" + Query(CatalogParameters, CatalogValue)),
                3 => (HttpMethod.Get, "/data/partner/summary" + Query(ConversionParameters, ValidPartnerValue)),
                4 => (HttpMethod.Get, "/data/partner/postbacks" + Query(PostbackParameters, ValidPartnerValue)),
                5 => (HttpMethod.Get, "/data/partner/postbacks/" + id),
                6 => (HttpMethod.Post, "/data/partner/postbacks/" + id + "/replay"),
                7 => (HttpMethod.Post, "/data/partner/postbacks/replay" + Query(["from_date", "to_date"], ValidPartnerValue)),
                _ => Chance(0.5) ? (HttpMethod.Get, "/data/partner/me" + Query(["x"], _ => "1")) : (HttpMethod.Post, "/data/partner/postbacks/test" + Query(["x"], _ => "1")),
            };
            return new Probe(Api.Partner, method, target, headers, BadAuth: !valid);
        }

        // ---- the client API (its own envelope)

        private Probe ClientProbe()
        {
            var headers = new List<(string, string)>();
            var validToken = Chance(0.85);
            if (validToken) headers.Add(("X-Api-Token", M.AppToken));
            else if (Chance(0.8)) headers.Add(("X-Api-Token", Pick(new[] { M.AppToken + "x", M.AppToken.ToUpperInvariant(), M.ServerKey, " " + M.AppToken, HostileHeader() })));
            if (Chance(0.9)) headers.Add(("X-User-Id", Chance(0.25) ? "fuzz-user" : HostileHeader()));
            if (Chance(0.2)) headers.Add(("User-Agent", HostileHeader()));
            if (Chance(0.1)) headers.Add(("X-Forwarded-For", Pick(new[] { "198.51.100.23", "not-an-ip", "::1", "1.2.3.4, 5.6.7.8", HostileHeader() })));
            var offer = Chance(0.3) ? M.OfferId : HostileSegment();
            var (method, target) = rng.Next(9) switch
            {
                0 => (HttpMethod.Get, "/v1/client/offers" + Query(["country", "platform"], n => n == "country" ? "US" : "android")),
                1 => (HttpMethod.Get, "/v2/client/offers" + Query(["country", "platform"], n => n == "country" ? "us" : "ios")),
                2 => (HttpMethod.Post, $"/v1/client/offers/{offer}/start"),
                3 => (HttpMethod.Get, "/v1/client/user/history" + Query(["filter", "filter[]"], _ => Pick(new[] { "offers", "surveys,offers", "others" }))),
                4 => (HttpMethod.Get, "/v2/client/offers" + Query(V2Names, V2Value)),
                5 => (HttpMethod.Get, "/v1/client/user/started-offers" + Query(["x"], _ => "1")),
                6 => (HttpMethod.Get, $"/v1/client/user/history/offers/{(Chance(0.5) ? rng.Next(1, 40).ToString(CultureInfo.InvariantCulture) : offer)}"),
                _ => (HttpMethod.Get, "/v1/client/user/history/offers/" + offer),
            };
            // The browser links of the v2 list: the app token and the user in the query, no headers.
            if (Chance(0.3)) return LinkProbe();
            return new Probe(Api.Client, method, target, headers, BadAuth: !validToken);
        }

        private static readonly string[] V2Names = ["devices[]", "in_app", "is_game", "client_ip", "client_user_agent", "limit", "offer_ids", "tags"];

        private string V2Value(string name) => name switch
        {
            "devices[]" => Pick(new[] { "iphone", "ipad", "android" }), "in_app" or "is_game" => Pick(new[] { "true", "false" }),
            "client_ip" => Pick(new[] { "198.51.100.7", "2001:db8::1" }), "client_user_agent" => "Mozilla/5.0 (Linux; Android 14)",
            "limit" => rng.Next(1, 20).ToString(CultureInfo.InvariantCulture), "offer_ids" => $"{rng.Next(1, 40)},{rng.Next(1, 40)}",
            _ => "campaign=spring&placement=top",
        };

        private Probe LinkProbe()
        {
            var validToken = Chance(0.85);
            // (Not the server key: a link's query is in the request line, which the host logs at Information; the app token is public.)
            var token = validToken ? M.AppToken : Pick(new[] { M.AppToken + "x", M.AppToken.ToUpperInvariant(), HostileSegment() });
            var id = Chance(0.7) ? rng.Next(1, 40).ToString(CultureInfo.InvariantCulture) : HostileSegment();
            var query = Chance(0.9) ? $"?token={Uri.EscapeDataString(token)}" : "?";
            if (Chance(0.9)) query += "&uid=" + (Chance(0.7) ? "fuzz-user" : HostileEncoded());
            query += Query(["platform", "devices", "os_version", "country", "gaid", "idfa", "device_id", "tags"], n => n switch
            {
                "platform" => "android", "devices" => "iphone", "os_version" => "14", "country" => "US", "tags" => "a%3Db",
                "gaid" or "idfa" => Guid.NewGuid().ToString(), _ => "dev-1",
            }).Replace('?', '&');
            var target = $"/v2/client/offers/{id}/{(Chance(0.7) ? "click" : "impression")}{query}";
            return new Probe(Api.Client, HttpMethod.Get, target, [], BadAuth: !validToken || !query.Contains("token=", StringComparison.Ordinal));
        }

        // ---- the advertiser postback (signed, or not)

        private static readonly string[] PostbackNames = ["tx_id", "goal_id", "event_id", "payout", "status", "reverse", "survey_id", "signature"];

        private static readonly string[] MmpNames = ["token", "click_id", "kind", "event", "revenue", "currency", "event_id", "rejected", "reject_reason"];

        /// <summary>The MMP postback (generic profile): mostly with the token and the world's click, so hostile values reach the recording.</summary>
        private Probe MmpProbe(HttpMethod method)
        {
            var advertiser = Chance(0.9) ? world.MmpAdvertiserId.ToString(CultureInfo.InvariantCulture) : HostileSegment();
            var parameters = new List<(string Key, string Value)>
            {
                ("token", Chance(0.85) ? world.MmpToken : Hostile()),
                ("click_id", Chance(0.85) ? world.MmpTxId : Hostile()),
            };
            foreach (var name in MmpNames.Skip(2).OrderBy(_ => rng.Next()).Take(rng.Next(1, 5)))
                parameters.Add((name, Chance(0.5) ? Hostile() : name switch
                {
                    "kind" => Pick(new[] { "install", "event", "rejected" }), "event" => Pick(new[] { "install", "level", "purchase", "other" }),
                    "revenue" => Pick(new[] { "10", "0.005", "99999.99", "1000000000000", "-1" }), "currency" => Pick(new[] { "EUR", "usd", "XYZ", "" }),
                    "event_id" => "e" + rng.Next(1000), "rejected" => Pick(new[] { "1", "0", "true" }), _ => "bots",
                }));
            var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
            return new Probe(Api.Advertiser, method, $"/postbacks/mmp/{advertiser}" + (Chance(0.05) ? "" : "?" + query), []);
        }

        private Probe AdvertiserProbe()
        {
            var method = Chance(0.8) ? HttpMethod.Get : HttpMethod.Post;
            if (Chance(0.3)) return MmpProbe(method);
            string query;
            if (Chance(0.5))
            {
                // Signed with the advertiser's secret, so the hostile values reach the conversion itself.
                var parameters = new List<(string Key, string Value)>
                {
                    ("tx_id", Chance(0.85) ? world.TxId : Hostile()),
                    ("goal_id", Chance(0.85) ? Pick(new[] { M.Install, M.Level, M.Purchase }) : Hostile()),
                };
                foreach (var name in new[] { "event_id", "payout", "status", "reverse", "survey_id" }.OrderBy(_ => rng.Next()).Take(rng.Next(1, 4)))
                    parameters.Add((name, Chance(0.5) ? Hostile() : name switch
                    {
                        "event_id" => "order-" + rng.Next(1000), "payout" => Pick(new[] { "10", "0.5", "99999.999999", "100000" }),
                        "status" => Pick(new[] { "approved", "Cancelled", "REJECTED", "pending" }), "reverse" => Pick(new[] { "0", "1" }), _ => "s-1",
                    }));
                parameters = parameters.Where(p => p.Value.Length > 0 || Chance(0.5)).ToList();
                var signature = Market.Sign(M.Secret, parameters);
                query = string.Join('&', parameters.Append(("signature", Chance(0.9) ? signature : signature.ToUpperInvariant()))
                    .Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
            }
            else query = Query(PostbackNames, n => n switch { "tx_id" => world.TxId, "goal_id" => M.Install, "signature" => new string('0', 64), _ => "1" }).TrimStart('?');
            if (Chance(0.05)) query = "";
            var target = "/postbacks/advertiser" + (query.Length > 0 ? "?" + query : "");
            if (method == HttpMethod.Post && Chance(0.5))
                return new Probe(Api.Advertiser, method, target, [],
                    Encoding.UTF8.GetBytes(Pick(new[] { "tx_id=x&goal_id=y", "{\"tx_id\":1}", "\0\0\0", new string('b', 100_000) })),
                    Pick(new[] { "application/x-www-form-urlencoded", "application/json", "text/plain" }));
            return new Probe(Api.Advertiser, method, target, []);
        }

        // ---- the admin API (problem details)

        private ((string, string)[] Headers, bool Valid) AdminAuth()
        {
            if (Chance(0.9)) return ([("Authorization", Pick(new[] { $"Bearer {AppFixture.AdminToken}", $"bearer {AppFixture.AdminToken}" }))], true);
            var bad = Pick(new[]
            {
                "", $"Bearer {M.ServerKey}", $"Bearer {M.AppToken}", $"Bearer {AppFixture.AdminToken}x", $"Bearer {AppFixture.AdminToken.ToUpperInvariant()}",
                $"Basic {AppFixture.AdminToken}", AppFixture.AdminToken, "Bearer " + new string('t', 10_000), "Bearer " + HostileHeader(),
            });
            return (bad.Length == 0 ? [] : [("Authorization", bad)], false);
        }

        private Probe AdminProbe()
        {
            var (headers, valid) = AdminAuth();
            var id = Chance(0.3) ? Pick(new[] { world.TransactionId.ToString(CultureInfo.InvariantCulture), "0", "-1", "9223372036854775807" }) : HostileSegment();
            Probe Get(string target) => new(Api.Admin, HttpMethod.Get, target, headers, BadAuth: !valid);
            Probe Post(string target, byte[]? body = null, string? contentType = null) => new(Api.Admin, HttpMethod.Post, target, headers, body, contentType, !valid);
            Probe Mutated(string path, string template)
            {
                var (body, contentType) = MutateJson(template);
                return Post(path, body, contentType);
            }
            Probe Patch(string path, string template)
            {
                var (body, contentType) = MutateJson(template);
                return new Probe(Api.Admin, HttpMethod.Patch, path, headers, body, contentType, !valid);
            }
            var victim = Chance(0.5) ? world.VictimPartnerId.ToString(CultureInfo.InvariantCulture) : HostileSegment();
            var advertiser = Chance(0.5) ? world.VictimAdvertiserId.ToString(CultureInfo.InvariantCulture) : HostileSegment();
            return rng.Next(19) switch
            {
                0 or 1 => Mutated("/admin/partners", PartnerTemplate),
                2 => rng.Next(6) switch
                {
                    4 => Get($"/admin/advertisers/{advertiser}"),
                    5 => Patch($"/admin/advertisers/{advertiser}", """{"name":"Fuzz victim advertiser","currency":"EUR","mmp_auth":"token"}"""),
                    0 => Mutated("/admin/advertisers", """{"name":"Fuzz advertiser","allowed_ips":"203.0.113.0/24","ip_only_auth":false}"""),
                    1 => Get("/admin/advertisers"),
                    2 => Mutated($"/admin/advertisers/{advertiser}/allowed-ips", """{"allowed_ips":"203.0.113.0/24, 2001:db8::/32","ip_only_auth":true}"""),
                    _ => Chance(0.5) ? Post($"/admin/advertisers/{advertiser}/rotate-secret") : Mutated($"/admin/advertisers/{advertiser}/rotate-secret", """{"grace_hours":24}"""),
                },
                15 => Chance(0.5) ? MmpAdminProbe(headers, valid, advertiser)
                    : Get(Pick(new[] { "/admin/reports", "/admin/reports/export.csv" }) + Query(AdminReportParameters, ReportValue)),
                3 or 4 => Mutated("/admin/offers/import", OfferTemplate(M.AdvertiserId)),
                // The fuzz import's own offer, or a hostile id (the world's offer stays as other probes expect it).
                5 when Chance(0.3) => Patch($"/admin/offers/{FuzzGoal()}",
                    """{"name":"Fuzz goal","payout":2,"reward":1,"hold_hours":12,"time_limit_hours":48,"caps":{"daily_conversions":10,"total_budget":100}}"""),
                5 => Chance(0.5) ? Mutated("/admin/offers/import", OfferTemplate(M.AdvertiserId)) : Patch($"/admin/offers/{(Chance(0.5) ? "fuzzoffer1" : HostileSegment())}",
                    """{"targeting":{"countries":["us"],"excluded_countries":["fr"],"platforms":["android","ios"],"min_os_version":"10","max_os_version":"17.2"},""" +
                    """ "schedule":{"starts_at":"2026-01-01T00:00:00Z","ends_at":null},"caps":{"daily_conversions":100,"total_budget":5000,"time_zone":"UTC"},""" +
                    """ "over_cap":"hold"}"""),
                6 => Mutated("/admin/promotions",
                    $$"""{"offer_id":"{{M.OfferId}}","partner_id":{{world.VictimPartnerId}},"multiplier":2,"bonus":0.1""" +
                    ""","starts_at":"2026-12-24T00:00:00Z","ends_at":"2026-12-25T00:00:00Z"}"""),
                7 => rng.Next(4) switch
                {
                    0 => Get($"/admin/partners/{victim}"),
                    1 => Patch($"/admin/partners/{victim}",
                        """{"name":"Fuzz victim","currency_name":"Gems","currency_ratio":10,"revenue_share":0.5,"surveys_enabled":false}"""),
                    _ => Mutated($"/admin/partners/{victim}/postback",
                        """{"postback_url":"https://partner.example/pb?tx={transaction_id}","postback_format":"get","stateful_postbacks":false}"""),
                },
                8 => Mutated($"/admin/conversions/{id}/{Pick(new[] { "approve", "cancel", "reverse" })}", """{"reason":"fuzz"}"""),
                9 => rng.Next(4) switch
                {
                    0 => Mutated($"/admin/partners/{victim}/vpn-blocking", """{"block_vpn":true}"""),
                    var n => Chance(0.3)
                        ? Post($"/admin/partners/{victim}/{Rotations[n - 1]}")
                        : Mutated($"/admin/partners/{victim}/{Rotations[n - 1]}", """{"grace_hours":24}"""),
                },
                10 => Get("/admin/conversions" + Query(["partner_id", "status", "before_id", "limit", "transaction_id", "user_id", "tx_id"], n => n switch
                {
                    "status" => "approved", "limit" => "5", "user_id" => "fuzz-user", "tx_id" => "fuzz-tx", _ => "1",
                })),
                11 => Get(Pick(new[]
                {
                    $"/admin/conversions/{id}/history", $"/admin/postbacks/{id}", "/admin/partners", "/admin/offers",
                    $"/admin/offers/{(Chance(0.5) ? M.OfferId : HostileSegment())}",
                    // The console's: the postback queue, an offer's goals.
                    "/admin/postbacks/queue", $"/admin/offers/{(Chance(0.5) ? M.OfferId : HostileSegment())}/goals", $"/admin/advertisers/{advertiser}",
                })),
                13 => FraudProbe(headers, valid, id),
                14 => BlockingProbe(headers, valid),
                12 => Get(Pick(new[] { "/admin/conversions/export.csv", "/admin/postbacks" })
                    + Query(["partner_id", "from_date", "to_date", "status", "transaction_id", "per_page", "page"], ValidPartnerValue)),
                _ => Post(Pick(new[]
                {
                    $"/admin/postbacks/{id}/replay", "/admin/postbacks/replay" + Query(["partner_id", "from_date", "to_date"], ValidPartnerValue),
                    $"/admin/postbacks/test/{id}", "/admin/conversions/approve-due",
                    // The fuzz import's own offer, or a hostile id: pausing the world's offer would change what other probes see.
                    $"/admin/offers/{(Chance(0.5) ? "fuzzoffer1" : HostileSegment())}/{Pick(new[] { "pause", "resume" })}",
                    $"/admin/offers/{FuzzGoal()}/{Pick(new[] { "pause", "resume" })}",
                })),
            };
        }

        private static readonly string[] Rotations = ["rotate-key", "rotate-app-token", "rotate-postback-secret"];

        /// <summary>"{offer}/goals/{goal_id}": a goal of the fuzz import's own offer (by its goal_id or its import id), or hostile ids.</summary>
        private string FuzzGoal() => (Chance(0.7) ? "fuzzoffer1" : HostileSegment()) + "/goals/"
            + (rng.Next(4) switch { 0 => "fuzzoffer1_0", 1 => "fuzzoffer1_1", 2 => "1", _ => HostileSegment() });

        /// <summary>
        /// MMP intake's admin side: event maps (of the fuzz import's offer or a hostile one), currency rates, and token rotation of the victim
        /// advertiser (on the signed profile: 404), so that the MMP probes' token keeps working.
        /// </summary>
        private Probe MmpAdminProbe(IReadOnlyList<(string Name, string Value)> headers, bool valid, string advertiser)
        {
            var offer = Chance(0.5) ? "fuzzoffer1" : HostileSegment();
            Probe Put(string path, string template)
            {
                var (body, contentType) = MutateJson(template);
                return new Probe(Api.Admin, HttpMethod.Put, path, headers, body, contentType, !valid);
            }
            return rng.Next(5) switch
            {
                0 => new Probe(Api.Admin, HttpMethod.Get, $"/admin/offers/{offer}/mmp-events", headers, BadAuth: !valid),
                1 => Put($"/admin/offers/{offer}/mmp-events", """{"events":{"af_level_10":"fuzzoffer1_0","install":"fuzzoffer1_0"}}"""),
                2 => new Probe(Api.Admin, HttpMethod.Get, "/admin/currency-rates", headers, BadAuth: !valid),
                3 => Put("/admin/currency-rates", """{"rates":{"EUR":1.08,"JPY":0.006712345678}}"""),
                _ => Chance(0.3)
                    ? new Probe(Api.Admin, HttpMethod.Post, $"/admin/advertisers/{advertiser}/rotate-token", headers, BadAuth: !valid)
                    : new Probe(Api.Admin, HttpMethod.Post, $"/admin/advertisers/{advertiser}/rotate-token", headers, MutateJson("""{"grace_hours":1}""").Body,
                        "application/json", !valid),
            };
        }

        /// <summary>
        /// The fraud rules' settings and the review queue. A setting made is always a flag (paid as usual), on the fuzz import's own offer
        /// unless a mutation drops it: what other probes' conversions become never changes.
        /// </summary>
        private Probe FraudProbe(IReadOnlyList<(string Name, string Value)> headers, bool valid, string id)
        {
            var rule = Chance(0.8) ? Pick(new[] { "min_seconds_to_convert", "address_conversions_per_hour", "device_users", "country_change" }) : HostileSegment();
            switch (rng.Next(6))
            {
                case 0:
                    return new Probe(Api.Admin, HttpMethod.Get, "/admin/fraud/rules", headers, BadAuth: !valid);
                case 5:
                    return new Probe(Api.Admin, HttpMethod.Get, Pick(new[] { "/admin/reports/risk", "/admin/reports/risk.csv" })
                        + Query(["from_date", "to_date", "group_by", "partner_id", "offer_id", "limit"], n => n switch
                        {
                            "from_date" => "2026-11-01", "to_date" => "2026-12-31", "group_by" => Pick(new[] { "partner", "offer", "user" }),
                            "offer_id" => "fuzzoffer1", "limit" => "5", _ => "1",
                        }), headers, BadAuth: !valid);
                case 1:
                    var (body, contentType) = MutateJson("""{"outcome":"flag","limit":1000000,"offer_id":"fuzzoffer1"}""");
                    return new Probe(Api.Admin, HttpMethod.Put, $"/admin/fraud/rules/{rule}", headers, body, contentType, !valid);
                case 2:
                    return new Probe(Api.Admin, HttpMethod.Delete, $"/admin/fraud/rules/{rule}" + Query(["partner_id", "offer_id"], n => n == "offer_id" ? "fuzzoffer1" : "1"),
                        headers, BadAuth: !valid);
                case 3:
                    return new Probe(Api.Admin, HttpMethod.Get, "/admin/review" + Query(["partner_id", "offer_id", "rule", "state", "after_id", "limit"], n => n switch
                    {
                        "state" => "held", "rule" => "device_users", "offer_id" => "fuzzoffer1", "limit" => "5", _ => "1",
                    }), headers, BadAuth: !valid);
                default:
                    var (decision, decisionType) = MutateJson($$"""{"ids":[{{(long.TryParse(id, out var n) ? n : 1)}}],"reason":"fuzz"}""");
                    return new Probe(Api.Admin, HttpMethod.Post, $"/admin/review/{Pick(new[] { "approve", "cancel" })}", headers, decision, decisionType, !valid);
            }
        }

        /// <summary>
        /// Suspensions and user blocks, on the victim partner only (no other probe uses its app), so what other probes' requests get never
        /// changes; the history, filtered or not.
        /// </summary>
        private Probe BlockingProbe(IReadOnlyList<(string Name, string Value)> headers, bool valid)
        {
            var partner = Chance(0.7) ? world.VictimPartnerId.ToString(CultureInfo.InvariantCulture) : HostileSegment();
            var user = Chance(0.4) ? "fuzz-user" : HostileSegment();
            var path = $"/admin/partners/{partner}" + (rng.Next(5) switch
            {
                0 => "/suspend", 1 => "/resume", 2 => $"/users/{user}/block", 3 => $"/users/{user}/unblock",
                _ => "/history" + Query(["user_id", "before_id", "limit"], n => n switch { "user_id" => "fuzz-user", "limit" => "5", _ => "1" }),
            });
            if (path.Contains("/history", StringComparison.Ordinal)) return new Probe(Api.Admin, HttpMethod.Get, path, headers, BadAuth: !valid);
            if (Chance(0.3)) return new Probe(Api.Admin, HttpMethod.Post, path, headers, BadAuth: !valid);
            var (body, contentType) = MutateJson("""{"reason":"fuzz"}""");
            return new Probe(Api.Admin, HttpMethod.Post, path, headers, body, contentType, !valid);
        }

        private const string PartnerTemplate = """
            {"name":"Fuzz partner","currency_name":"Coins","currency_ratio":100,"revenue_share":0.5,"postback_url":"https://partner.example/pb?tx={transaction_id}",
             "surveys_enabled":false,"stateful_postbacks":false,"postback_format":"get","block_vpn":true}
            """;

        private static string OfferTemplate(long advertiserId) => $$"""
            [{"id":"fuzzoffer1","advertiser_id":{{advertiserId}},"name":"Fuzz offer","type":"offer","tracking_url":"https://track.example/c?tx={tx_id}&u={user_id}",
              "description":"Play.","requirements":"Install.","icon_url":"https://cdn.example/i.png","contact_url":"https://example.com/support","disclaimer":"New users.",
              "confirmation_time":"1 day","things_to_know":["No VPN"],"categories":["Game","Android"],"is_game":true,"product_id":"com.example.fuzz","product_name":"Fuzz",
              "countries":["US"],"platforms":["android"],"time_limit_hours":48,"is_active":true,"excluded_countries":["DE"],
              "min_os_version":"10","max_os_version":"17.4","starts_at":"2026-01-01T00:00:00Z","ends_at":"2027-01-01T00:00:00Z",
              "caps":{"daily_conversions":100,"total_conversions":1000,"daily_budget":100,"total_budget":1000,"time_zone":"America/New_York"},"over_cap":"cancel",
              "goals":[{"id":"0","name":"Install","payout":1.5,"reward":0.5,"kind":"flat","display_type":"none","type_id":1,"hold_hours":0},
                       {"id":"1","name":"Buy","payout":10,"reward":3,"kind":"dynamic","display_type":"commission","type_id":3,"commission_amount":10,
                        "time_played_unit":null,"time_played_count":null,"hold_hours":24,"time_limit_hours":72}]}]
            """;

        /// <summary>
        /// A body made from a valid one: one value replaced by a hostile JSON value, a member removed
        /// or added, or the whole text broken (truncated, deeply nested, invalid UTF-8, 1 MB, empty,
        /// another top-level type, a wrong or odd content type).
        /// </summary>
        private (byte[] Body, string? ContentType) MutateJson(string template)
        {
            var contentType = Chance(0.9) ? "application/json" : Pick(new[]
            {
                null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json; charset=utf-16", "application/json; charset=bogus",
                "application/json; charset=latin1", "application/problem+json", "application/json;;", "*/*", "application/json; charset=utf-7",
                "application/json; charset=\"utf-8\"", "application/json; charset=",
            });
            var text = rng.Next(10) switch
            {
                < 6 => ReplaceValue(template),
                6 => RemoveMember(template),
                7 => AddMember(template),
                8 => Pick(new Func<string, string>[]
                {
                    t => t[..rng.Next(t.Length)], _ => "", _ => "null", _ => "[]", _ => "{}", _ => "\"text\"", _ => "42",
                    t => t.StartsWith('[') ? t[1..^1] : $"[{t}]", t => new string('[', 5_000) + new string(']', 5_000),
                    t => t.Replace("\"name\":", "\"name\":" + new string('[', 200) + "1" + new string(']', 200) + ",\"x\":"),
                    t => "\uFEFF" + t, t => t + "garbage", t => t.Replace(":", "=", StringComparison.Ordinal), t => t.Replace("\"", "'", StringComparison.Ordinal),
                    t => t.Replace("\"name\":", "\"name\":\"first\",\"name\":", StringComparison.Ordinal), t => "/* c */" + t, t => t.Replace("}", ",}", StringComparison.Ordinal),
                })(template),
                _ => null!,
            };
            if (text is not null) return (Encoding.UTF8.GetBytes(text), contentType);
            // Bytes that are not UTF-8 inside a string value, or a 1 MB value.
            if (Chance(0.5))
            {
                var utf8 = Encoding.UTF8.GetBytes(template);
                var at = Array.IndexOf(utf8, (byte)'"', Array.IndexOf(utf8, (byte)':') + 1) + 1;
                var bad = Pick(new[] { new byte[] { 0xC3, 0x28 }, [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80] });
                return ([.. utf8[..at], .. bad, .. utf8[at..]], contentType);
            }
            return (Encoding.UTF8.GetBytes(ReplaceValue(template, "\"" + new string(Pick(new[] { 'x', 'é', '<' }), 1 << 20) + "\"")), contentType);
        }

        private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>The document as text, with the marker value replaced by <paramref name="value"/> as it is (it may not be JSON at all).</summary>
        private static string Render(JsonNode root, string value) =>
            root.ToJsonString(Relaxed).Replace("\"\\u0001fuzz\\u0001\"", value, StringComparison.Ordinal);

        /// <summary>Every (object, member) and (array, index) of a JSON document, for picking one to mutate.</summary>
        private static List<(JsonNode Parent, string? Member, int Index)> Slots(JsonNode root)
        {
            var slots = new List<(JsonNode, string?, int)>();
            void Walk(JsonNode? node)
            {
                switch (node)
                {
                    case JsonObject o:
                        foreach (var (key, value) in o.ToList()) { slots.Add((o, key, -1)); Walk(value); }
                        break;
                    case JsonArray a:
                        for (var i = 0; i < a.Count; i++) { slots.Add((a, null, i)); Walk(a[i]); }
                        break;
                }
            }
            Walk(root);
            return slots;
        }

        private string ReplaceValue(string template, string? value = null)
        {
            var root = JsonNode.Parse(template)!;
            var (parent, member, index) = Pick(Slots(root));
            var marker = JsonValue.Create("\u0001fuzz\u0001");
            if (member is not null) parent.AsObject()[member] = marker;
            else parent.AsArray()[index] = marker;
            return Render(root, value ?? Pick(JsonValues));
        }

        private string RemoveMember(string template)
        {
            var root = JsonNode.Parse(template)!;
            var objects = Slots(root).Where(s => s.Member is not null).ToList();
            var (parent, member, _) = Pick(objects);
            parent.AsObject().Remove(member!);
            return root.ToJsonString();
        }

        private string AddMember(string template)
        {
            var root = JsonNode.Parse(template)!;
            var objects = Slots(root).Select(s => s.Parent).OfType<JsonObject>().Distinct().ToList();
            if (root is JsonObject top) objects.Add(top);
            Pick(objects)[Pick(new[] { "extra", "id", "__proto__", "constructor", "$type", "Name", "NAME", "server_key", "is_admin" })] = JsonValue.Create("\u0001fuzz\u0001");
            return Render(root, Pick(JsonValues));
        }

        // ---- the pages and what they load

        private Probe PageProbe() => rng.Next(7) switch
        {
            0 => Get(Api.Page, "/wall" + Query(["token", "uid"], n => n == "token" ? M.AppToken : "fuzz-user")),
            // The operator's metrics are no page, but like the pages a plain GET (the admin token or 401).
            1 => Get(Api.Page, Pick(new[] { "/dashboard", "/console", "/metrics" }) + Query(["key", "page"], _ => "1")),
            2 => Get(Api.Page, $"/wall/icons/{HostileSegment()}.svg"),
            3 => Get(Api.Page, "/assets/" + Pick(new[]
            {
                "..%2F..%2Fappsettings.json", "%2e%2e/%2e%2e/Offerwall.dll", "..\\..\\appsettings.json", "wall.js%00.html",
                "wall.js" + HostileEncoded(), HostileSegment(),
            })),
            4 => Get(Api.Page, Pick(new[] { "/docs", "/openapi/v1.json", "/" }) + Query(["q"], _ => "1")),
            _ => Chance(0.5)
                ? new Probe(Api.Client, HttpMethod.Get, "/wall/app", [("X-Api-Token", M.AppToken)])
                : new Probe(Api.Client, HttpMethod.Get, "/wall/app", Chance(0.8) ? [("X-Api-Token", HostileHeader())] : [], BadAuth: true),
        };

        /// <summary>Health: /health/live and /health/ready (no auth; any method, hostile queries), /admin/health (the admin token).</summary>
        private Probe HealthProbe()
        {
            var method = Chance(0.7) ? HttpMethod.Get : Pick(new[] { HttpMethod.Post, HttpMethod.Head, HttpMethod.Options, new HttpMethod("PROPFIND") });
            var query = Chance(0.5) ? "" : $"?{HostileEncoded()}={HostileEncoded()}";
            if (Chance(0.3))
            {
                var (headers, valid) = AdminAuth();
                return new Probe(Api.Admin, method, "/admin/health" + query, headers, BadAuth: !valid);
            }
            return new Probe(Api.Page, method, Pick(new[] { "/health/live", "/health/ready", $"/health/{HostileSegment()}" }) + query,
                Chance(0.5) ? [] : [("Authorization", HostileHeader())]);
        }

        // ---- no such route, or not this method: still the API's own shape

        private Probe StrayProbe()
        {
            var (partnerHeaders, _) = PartnerAuth();
            var (adminHeaders, _) = AdminAuth();
            var segment = HostileSegment();
            var method = Pick(new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options, new HttpMethod("PROPFIND") });
            return rng.Next(4) switch
            {
                0 => new Probe(Api.Partner, method, Pick(new[]
                {
                    $"/data/partner/{segment}", $"/data/partner/postbacks/{world.DeliveryId}/{segment}", "/data/partner/conversions", "/data/partner/postbacks/test",
                    "/data/partner/postbacks/replay", "/data/partner/me", "/data/partner/summary", $"/data/partner/conversions/{segment}",
                }), partnerHeaders),
                1 => new Probe(Api.Client, method, Pick(new[]
                {
                    $"/v1/client/{segment}", $"/v2/client/{segment}", $"/v1/client/offers/{M.OfferId}/start", "/v1/client/offers", "/v1/client/user/history",
                    $"/v1/client/offers/{segment}/{segment}", "/v1/client/user/history/offers/",
                }), [("X-Api-Token", M.AppToken), ("X-User-Id", "fuzz-user")]),
                2 => new Probe(Api.Advertiser, Pick(new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, new HttpMethod("PROPFIND") }),
                    Pick(new[] { "/postbacks/advertiser", $"/postbacks/advertiser/{segment}" }) + $"?tx_id={world.TxId}&goal_id={M.Install}", []),
                _ => new Probe(Api.Admin, method, Pick(new[]
                {
                    $"/admin/{segment}", "/admin/promotions", "/admin/partners", $"/admin/conversions/{world.TransactionId}/{segment}", "/admin/conversions/approve-due",
                    $"/admin/partners/{world.VictimPartnerId}/{segment}",
                }), adminHeaders),
            };
        }
    }
}
