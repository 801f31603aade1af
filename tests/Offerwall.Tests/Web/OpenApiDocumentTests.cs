using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Offerwall.Tests.Infrastructure;
using Offerwall.Data;

namespace Offerwall.Tests.Web;

/// <summary>
/// /openapi/v1.json against the server that serves it: real answers of every API validate against the
/// schemas it declares for their status; a client that knows only the document and a key gets the Data
/// API's rows; the /docs page gets a document with which it can call the Data API. (Spectral lints the
/// same document in scripts/openapi-lint.)
/// </summary>
public abstract class OpenApiDocumentTests(AppFixture app)
{
    // 2026-11-20 12:00 UTC is 07:00 EST; the fake clock says 2026-11-23.
    private static readonly DateTime Nov20 = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task RealAnswersOfEveryApiValidateAgainstTheSchemaTheDocumentDeclaresForTheirStatus()
    {
        var contract = await Contract.LoadAsync(app.Client);
        var checkedAnswers = new List<string>();
        async Task Check(string template, HttpRequestMessage request, HttpStatusCode expected)
        {
            using (request)
            {
                var response = await app.Client.SendAsync(request);
                Assert.True(expected == response.StatusCode,
                    $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                await contract.CheckAsync(template, request.Method.Method.ToLowerInvariant(), response);
                checkedAnswers.Add($"{request.Method} {template} {(int)expected}");
            }
        }

        // The partner API: the Data API (a survey partner: type and survey_id on rows, and a reversal), dashboard, postback log.
        var p = await TestPartner.CreateAsync(app, surveys: true);
        var tx = await p.ConvertAsync(Nov20);
        await p.ConvertAsync(Nov20.AddMinutes(1), offer: p.Survey);
        await p.ReverseAsync(tx, Nov20.AddMinutes(2));
        await app.WithDb(async db =>
        {
            db.PostbackDeliveries.Add(new PostbackDelivery
            {
                PartnerId = p.Partner.Id, ConversionId = tx, Event = "approved", Status = DeliveryStatus.Dead, CreatedAt = Nov20, NextAttemptAt = Nov20,
            });
            return await db.SaveChangesAsync();
        });
        HttpRequestMessage Partner(HttpMethod method, string target, string? key = null)
        {
            var request = new HttpRequestMessage(method, target);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? p.Key);
            return request;
        }
        await Check("/data/partner/conversions", Partner(HttpMethod.Get, "/data/partner/conversions?per_page=2"), HttpStatusCode.OK);
        await Check("/data/partner/conversions", Partner(HttpMethod.Get, "/data/partner/conversions?per_page=2&page=2"), HttpStatusCode.OK);
        await Check("/data/partner/conversions", Partner(HttpMethod.Get, "/data/partner/conversions?page=9"), HttpStatusCode.OK);
        await Check("/data/partner/conversions", Partner(HttpMethod.Get, "/data/partner/conversions", key: "wrong"), HttpStatusCode.Unauthorized);
        await Check("/data/partner/conversions", Partner(HttpMethod.Get, "/data/partner/conversions?per_page=abc&type=x"), HttpStatusCode.UnprocessableEntity);
        await Check("/data/partner/offers", Partner(HttpMethod.Get, "/data/partner/offers?status=all&per_page=2"), HttpStatusCode.OK);
        await Check("/data/partner/offers", Partner(HttpMethod.Get, "/data/partner/offers", key: "wrong"), HttpStatusCode.Unauthorized);
        await Check("/data/partner/offers", Partner(HttpMethod.Get, "/data/partner/offers?status=gone&country=USA"), HttpStatusCode.UnprocessableEntity);
        await Check("/data/partner/summary", Partner(HttpMethod.Get, "/data/partner/summary"), HttpStatusCode.OK);
        await Check("/data/partner/summary", Partner(HttpMethod.Get, "/data/partner/summary?from_date=2026-13-01"), HttpStatusCode.UnprocessableEntity);
        await Check("/data/partner/me", Partner(HttpMethod.Get, "/data/partner/me"), HttpStatusCode.OK);
        await Check("/data/partner/postbacks", Partner(HttpMethod.Get, "/data/partner/postbacks"), HttpStatusCode.OK);
        await Check("/data/partner/postbacks", Partner(HttpMethod.Get, "/data/partner/postbacks?status=lost&per_page=0"), HttpStatusCode.UnprocessableEntity);
        var delivery = await app.WithDb(db => Task.FromResult(db.PostbackDeliveries.Single(d => d.PartnerId == p.Partner.Id).Id));
        await Check("/data/partner/postbacks/{id}", Partner(HttpMethod.Get, $"/data/partner/postbacks/{delivery}"), HttpStatusCode.OK);
        await Check("/data/partner/postbacks/{id}", Partner(HttpMethod.Get, "/data/partner/postbacks/999999999"), HttpStatusCode.NotFound);
        await Check("/data/partner/postbacks/replay", Partner(HttpMethod.Post, "/data/partner/postbacks/replay?to_date=x"), HttpStatusCode.UnprocessableEntity);
        await Check("/data/partner/postbacks/test", Partner(HttpMethod.Post, "/data/partner/postbacks/test"), HttpStatusCode.UnprocessableEntity);

        // The client API, through the real click flow.
        var m = await Market.CreateAsync(app);
        HttpRequestMessage Client(HttpMethod method, string target, string? token = null, string? user = "player-1")
        {
            var request = new HttpRequestMessage(method, target);
            request.Headers.Add("X-Api-Token", token ?? m.AppToken);
            if (user is not null) request.Headers.Add("X-User-Id", user);
            return request;
        }
        await Check("/v1/client/offers", Client(HttpMethod.Get, "/v1/client/offers?country=US&platform=android"), HttpStatusCode.OK);
        await Check("/v1/client/offers/{offerId}/start", Client(HttpMethod.Post, $"/v1/client/offers/{m.OfferId}/start"), HttpStatusCode.OK);
        await Check("/v1/client/user/history", Client(HttpMethod.Get, "/v1/client/user/history"), HttpStatusCode.OK);
        await Check("/v1/client/user/history/offers/{offerId}", Client(HttpMethod.Get, $"/v1/client/user/history/offers/{m.OfferId}"), HttpStatusCode.OK);
        await Check("/v2/client/offers", Client(HttpMethod.Get, "/v2/client/offers?country=usa"), HttpStatusCode.BadRequest);
        await Check("/v1/client/offers", Client(HttpMethod.Get, "/v1/client/offers", user: null), HttpStatusCode.BadRequest);
        await Check("/v1/client/offers", Client(HttpMethod.Get, "/v1/client/offers", token: "no-such-token"), HttpStatusCode.Unauthorized);
        await Check("/v1/client/user/history/offers/{offerId}", Client(HttpMethod.Get, "/v1/client/user/history/offers/nope"), HttpStatusCode.NotFound);
        await Check("/v1/client/offers/{offerId}/start", Client(HttpMethod.Post, "/v1/client/offers/nope/start"), HttpStatusCode.NotFound);

        // The advertiser postback.
        var click = await m.StartAsync("player-2");
        HttpRequestMessage Postback(string query) => new(HttpMethod.Get, "/postbacks/advertiser?" + query);
        string Signed(params (string, string)[] parameters) =>
            string.Join('&', parameters.Append(("signature", Market.Sign(m.Secret, parameters))).Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2)}"));
        await Check("/postbacks/advertiser", Postback(Signed(("tx_id", click), ("goal_id", m.Install))), HttpStatusCode.OK);
        await Check("/postbacks/advertiser", Postback("tx_id=" + click), HttpStatusCode.BadRequest);
        await Check("/postbacks/advertiser", Postback($"tx_id={click}&goal_id={m.Level}&signature={new string('0', 64)}"), HttpStatusCode.Unauthorized);
        await Check("/postbacks/advertiser", Postback(Signed(("tx_id", "no-such-click"), ("goal_id", m.Install))), HttpStatusCode.NotFound);
        await Check("/postbacks/advertiser",
            new HttpRequestMessage(HttpMethod.Post, "/postbacks/advertiser?" + Signed(("tx_id", click), ("goal_id", m.Install))), HttpStatusCode.OK);

        // The admin API.
        HttpRequestMessage Admin(HttpMethod method, string target, object? body = null, string token = AppFixture.AdminToken)
        {
            var request = new HttpRequestMessage(method, target) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }
        await Check("/admin/partners", Admin(HttpMethod.Get, "/admin/partners"), HttpStatusCode.OK);
        await Check("/admin/advertisers", Admin(HttpMethod.Post, "/admin/advertisers", new { name = "Another" }), HttpStatusCode.Created);
        await Check("/admin/conversions", Admin(HttpMethod.Get, $"/admin/conversions?partner_id={m.PartnerId}"), HttpStatusCode.OK);
        await Check("/admin/postbacks", Admin(HttpMethod.Get, "/admin/postbacks?from_date=2026-11-01"), HttpStatusCode.OK);
        await Check("/admin/conversions/export.csv", Admin(HttpMethod.Get, $"/admin/conversions/export.csv?partner_id={p.Partner.Id}&to_date=2026-11-22"), HttpStatusCode.OK);
        await Check("/admin/conversions", Admin(HttpMethod.Get, "/admin/conversions?status=bogus"), HttpStatusCode.BadRequest);
        await Check("/admin/partners", Admin(HttpMethod.Post, "/admin/partners", new { name = "", currency_name = "", currency_ratio = 0, revenue_share = 2 }),
            HttpStatusCode.BadRequest);
        await Check("/admin/postbacks", Admin(HttpMethod.Get, "/admin/postbacks?partner_id=x"), HttpStatusCode.BadRequest);
        await Check("/admin/conversions/export.csv", Admin(HttpMethod.Get, "/admin/conversions/export.csv?partner_id=x"), HttpStatusCode.BadRequest);
        await Check("/admin/partners", Admin(HttpMethod.Get, "/admin/partners", token: "not-the-admin-token"), HttpStatusCode.Unauthorized);
        await Check("/admin/conversions/{id}/approve", Admin(HttpMethod.Post, "/admin/conversions/999999999/approve"), HttpStatusCode.NotFound);
        await Check("/admin/postbacks/{id}", Admin(HttpMethod.Get, "/admin/postbacks/999999999"), HttpStatusCode.NotFound);
        await Check("/admin/partners/{id}", Admin(HttpMethod.Get, $"/admin/partners/{m.PartnerId}"), HttpStatusCode.OK);
        await Check("/admin/partners/{id}", Admin(HttpMethod.Patch, $"/admin/partners/{m.PartnerId}", new { name = "Renamed" }), HttpStatusCode.OK);
        await Check("/admin/partners/{id}", Admin(HttpMethod.Patch, $"/admin/partners/{m.PartnerId}", new { revenue_share = 2 }), HttpStatusCode.BadRequest);
        await Check("/admin/partners/{id}", Admin(HttpMethod.Get, "/admin/partners/999999999"), HttpStatusCode.NotFound);
        await Check("/admin/advertisers/{id}", Admin(HttpMethod.Get, $"/admin/advertisers/{m.AdvertiserId}"), HttpStatusCode.OK);
        await Check("/admin/advertisers/{id}", Admin(HttpMethod.Patch, $"/admin/advertisers/{m.AdvertiserId}", new { currency = "EUR" }), HttpStatusCode.OK);
        await Check("/admin/advertisers/{id}", Admin(HttpMethod.Patch, $"/admin/advertisers/{m.AdvertiserId}", new { mmp_auth = "x" }), HttpStatusCode.BadRequest);
        await Check("/admin/advertisers/{id}", Admin(HttpMethod.Patch, "/admin/advertisers/999999999", new { name = "x" }), HttpStatusCode.NotFound);
        await Check("/admin/offers/{id}", Admin(HttpMethod.Patch, $"/admin/offers/{m.OfferId}", new { caps = new { daily_conversions = 50 } }), HttpStatusCode.OK);
        await Check("/admin/offers/{id}", Admin(HttpMethod.Patch, $"/admin/offers/{m.OfferId}", new { over_cap = "x" }), HttpStatusCode.BadRequest);
        await Check("/admin/offers/{id}", Admin(HttpMethod.Patch, "/admin/offers/nope", new { }), HttpStatusCode.NotFound);

        Assert.True(checkedAnswers.Count >= 40, string.Join("\n", checkedAnswers));
    }

    [Fact]
    public async Task AGenericClientGivenOnlyTheDocumentAndAKeyGetsTheDataApisFilteredRows()
    {
        var p = await TestPartner.CreateAsync(app);
        var wanted = new List<long>
        {
            await p.ConvertAsync(Nov20, "alice"),
            await p.ConvertAsync(Nov20.AddHours(1), "ALICE"),   // user ids are case-insensitive
            await p.ConvertAsync(Nov20.AddHours(2), "alice"),
        };
        await p.ConvertAsync(Nov20.AddMinutes(30), "bob");
        await p.ConvertAsync(Nov20.AddDays(-10), "alice");       // before from_date

        // What a generator reads: the operation (by its id), its parameters with their schemas, its security scheme, the server.
        var doc = JsonNode.Parse(await app.Client.GetStringAsync("/openapi/v1.json"))!;
        var (path, operation) = doc["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => (Path: p.Key, Method: m.Key, Operation: m.Value!)))
            .Where(o => (string?)o.Operation["operationId"] == "ListConversions")
            .Select(o => { Assert.Equal("get", o.Method); return (o.Path, o.Operation); })
            .Single();
        var arguments = new Dictionary<string, object>
        {
            ["from_date"] = new DateOnly(2026, 11, 19), ["to_date"] = new DateOnly(2026, 11, 21), ["user_id"] = "Alice", ["per_page"] = 2, ["is_reverse"] = false,
        };

        async Task<JsonNode> CallAsync(Dictionary<string, object> values)
        {
            var query = new List<string>();
            foreach (var parameter in operation["parameters"]!.AsArray())
            {
                var name = (string)parameter!["name"]!;
                Assert.Equal("query", (string?)parameter["in"]);
                if (!values.TryGetValue(name, out var value)) continue;
                query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(Serialize(parameter["schema"]!, value))}");
            }
            Assert.All(values.Keys, k => Assert.Contains(k, operation["parameters"]!.AsArray().Select(x => (string)x!["name"]!)));
            var server = (string)doc["servers"]![0]!["url"]!;
            using var request = new HttpRequestMessage(HttpMethod.Get, server + path + "?" + string.Join('&', query));
            Authorize(request, doc, operation, p.Key);
            var response = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }

        var first = await CallAsync(arguments);
        Assert.Equal(3, (int)first["meta"]!["total"]!);
        var second = await CallAsync(new Dictionary<string, object>(arguments) { ["page"] = 2 });
        var rows = first["data"]!.AsArray().Concat(second["data"]!.AsArray()).Select(r => (long)r!["transaction_id"]!).ToList();
        Assert.Equal(wanted, rows);
    }

    [Fact]
    public async Task TheDocsPageGetsADocumentWithWhichItCallsTheDataApiWithAKeyAndFilters()
    {
        // The source Scalar's page loads: its configuration's URL, resolved as scalar.aspnetcore.js resolves it (against the page's base path).
        var html = await app.Client.GetStringAsync("/docs/");
        var config = JsonNode.Parse(Regex.Match(html, @"initialize\(\s*'[^']*',\s*\w+,\s*(\{.*\})\s*,\s*'", RegexOptions.Singleline).Groups[1].Value)!;
        var source = new Uri(new Uri("http://localhost/"), (string)config["sources"]![0]!["url"]!);
        var doc = JsonNode.Parse(await app.Client.GetStringAsync(source.PathAndQuery))!;

        var operation = doc["paths"]!["/data/partner/conversions"]!["get"]!;
        var names = operation["parameters"]!.AsArray().Select(x => (string)x!["name"]!).ToArray();
        Assert.Equal(["from_date", "to_date", "user_id", "offer_id", "is_reverse", "per_page", "page", "type"], names);
        Assert.All(operation["parameters"]!.AsArray(), x => Assert.False(string.IsNullOrEmpty((string?)x!["description"])));
        Assert.Equal("date", (string?)operation["parameters"]![0]!["schema"]!["format"]);
        Assert.Equal(1000, (int)operation["parameters"]![5]!["schema"]!["default"]!);

        // Scalar asks for the key of the scheme the operation requires, and sends it the way the scheme says.
        var p = await TestPartner.CreateAsync(app);
        var tx = await p.ConvertAsync(Nov20, "carol");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/partner/conversions?user_id=carol&from_date=2026-11-20&to_date=2026-11-20");
        Authorize(request, doc, operation, p.Key);
        var body = JsonNode.Parse(await (await app.Client.SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.Equal(tx, (long)body["data"]![0]!["transaction_id"]!);

        // Every API's operations say how they authenticate.
        foreach (var (template, method, schemes) in new[]
        {
            ("/data/partner/postbacks", "get", new[] { "partnerKey" }), ("/v1/client/offers", "get", ["appToken", "userId"]),
            ("/admin/partners", "post", ["adminToken"]),
        })
            Assert.Equal(schemes, doc["paths"]![template]![method]!["security"]![0]!.AsObject().Select(s => s.Key).Order().ToArray());
        Assert.Equal("X-User-Id", (string?)doc["components"]!["securitySchemes"]!["userId"]!["name"]);
        Assert.Equal("header", (string?)doc["components"]!["securitySchemes"]!["appToken"]!["in"]);
        Assert.Null(doc["paths"]!["/postbacks/advertiser"]!["get"]!["security"]);
        Assert.Contains("signature", doc["paths"]!["/postbacks/advertiser"]!["get"]!["parameters"]!.AsArray().Select(x => (string)x!["name"]!));
    }

    /// <summary>A value as a query parameter of this schema, as a generator writes it (style form: the value's text).</summary>
    private static string Serialize(JsonNode schema, object value) => ((string?)schema["type"], (string?)schema["format"], value) switch
    {
        ("string", "date", DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ("integer", _, int n) => n.ToString(CultureInfo.InvariantCulture),
        ("boolean", _, bool b) => b ? "true" : "false",
        ("string", _, string s) => s,
        var other => throw new InvalidOperationException($"No way to write {other} as the document declares it."),
    };

    /// <summary>Sends <paramref name="key"/> as the operation's security requirement and its scheme say.</summary>
    private static void Authorize(HttpRequestMessage request, JsonNode doc, JsonNode operation, string key)
    {
        var requirement = Assert.Single(operation["security"]!.AsArray())!.AsObject();
        var scheme = doc["components"]!["securitySchemes"]![Assert.Single(requirement).Key]!;
        switch ((string?)scheme["type"], ((string?)scheme["scheme"])?.ToLowerInvariant(), (string?)scheme["in"])
        {
            case ("http", "bearer", _): request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key); break;
            case ("apiKey", _, "header"): request.Headers.Add((string)scheme["name"]!, key); break;
            default: throw new InvalidOperationException($"Unexpected security scheme {scheme.ToJsonString()}");
        }
    }

    /// <summary>
    /// The document's answers as JSON Schemas: components.schemas as $defs, every object schema of our own
    /// closed (additionalProperties false, so a key the document does not declare fails). Problem details
    /// stay open: they carry extensions (traceId), as the framework documents them.
    /// </summary>
    private sealed class Contract(JsonNode doc)
    {
        private static readonly HashSet<string> Open = ["ProblemDetails", "HttpValidationProblemDetails"];
        private readonly JsonObject _defs = Defs(doc);

        public static async Task<Contract> LoadAsync(HttpClient client) => new(JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!);

        public async Task CheckAsync(string template, string method, HttpResponseMessage response)
        {
            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            var declared = doc["paths"]?[template]?[method]?["responses"]?[status];
            Assert.True(declared is not null, $"{method} {template} does not declare {status}");
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            var content = declared["content"]?[mediaType];
            Assert.True(content is not null,
                $"{method} {template} {status} answered {mediaType}; the document declares {string.Join(", ", declared["content"]?.AsObject().Select(c => c.Key) ?? [])}");
            var text = await response.Content.ReadAsStringAsync();
            if (mediaType is not ("application/json" or "application/problem+json")) return;
            var schema = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$defs"] = _defs.DeepClone() };
            foreach (var (key, value) in Rewrite(content["schema"]!.DeepClone(), null).AsObject().ToList()) schema[key] = value?.DeepClone();
            var result = JsonSchema.FromText(schema.ToJsonString()).Evaluate(JsonNode.Parse(text), new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"{method} {template} {status}: {text}\ndoes not match the document: " +
                string.Join("; ", result.Details.Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}")));
        }

        private static JsonObject Defs(JsonNode doc)
        {
            var defs = new JsonObject();
            foreach (var (name, schema) in doc["components"]!["schemas"]!.AsObject())
                defs[name] = Rewrite(schema!.DeepClone(), name);
            return defs;
        }

        private static JsonNode Rewrite(JsonNode node, string? name)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["$ref"] is JsonValue r && ((string)r!).StartsWith("#/components/schemas/", StringComparison.Ordinal))
                        o["$ref"] = "#/$defs/" + ((string)r!)["#/components/schemas/".Length..];
                    if (o.ContainsKey("properties") && !o.ContainsKey("additionalProperties") && !Open.Contains(name ?? ""))
                        o["additionalProperties"] = false;
                    foreach (var (key, value) in o.ToList())
                        if (value is not null && key != "$ref") Rewrite(value, key == "properties" ? "" : null);
                    break;
                case JsonArray a:
                    foreach (var item in a) if (item is not null) Rewrite(item, null);
                    break;
            }
            return node;
        }
    }
}
