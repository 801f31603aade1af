using System.Net;
using System.Text.Json.Nodes;
using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Fraud;

/// <summary>
/// Which setting applies (the offer's, else the partner's, else everyone's, else the configuration's), what DELETE restores, what
/// GET /admin/fraud/rules shows, and PUT's validation (nothing written). The server's configuration sets min_seconds_to_convert at
/// 60 s with flag for everyone (<see cref="FraudSetup.Configured"/>), so a conversion at the instant of its click triggers it.
/// </summary>
public abstract class RuleSettingsTests(AppFixture app)
{
    private const string Rule = "min_seconds_to_convert";

    private Task<(HttpStatusCode Status, JsonNode? Body)> AdminAsync(HttpMethod method, string path, object? body = null) =>
        Rig.AdminAsync(app, method, path, body);

    private async Task<JsonObject> RuleViewAsync(string rule)
    {
        var (status, body) = await AdminAsync(HttpMethod.Get, "/admin/fraud/rules");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!.AsArray().Single(r => (string?)r!["rule"] == rule)!.AsObject();
    }

    /// <summary>A new user converts at once: the status and the history's reason.</summary>
    private static async Task<(string Status, string Reason)> QuickAsync(Rig rig, string offer, string user)
    {
        var conversion = await rig.UserConvertsAsync(offer, user);
        return (conversion.Status, (await rig.ReasonsAsync(conversion.Id))[0]);
    }

    private static string Quick(string outcome, int limit = 60) =>
        Rig.Reason(outcome, $"{Rule} (converted 0 s after the click, minimum {limit} s)");

    [Fact]
    public async Task TheOffersSettingBeatsThePartnersWhichBeatsEveryonesWhichBeatsTheConfiguration()
    {
        var rig = await Rig.CreateAsync(app);
        var offer = await rig.OfferAsync();
        var exempt = await rig.OfferAsync();
        var stricter = await rig.OfferAsync();
        var view = await RuleViewAsync(Rule);
        Assert.Equal((60L, "flag", "configuration"), ((long?)view["limit"], (string?)view["outcome"], (string?)view["source"]));

        Assert.Equal(("approved", Quick("flag")), await QuickAsync(rig, offer, "config"));
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await rig.PutRuleAsync(Rule, new { outcome = "hold", limit = 30 })).Status);
            Assert.Equal(("pending", Quick("hold", 30)), await QuickAsync(rig, offer, "everyone"));
            await rig.SetAsync(Rule, "reject", 90);
            Assert.Equal(("cancelled", Quick("reject", 90)), await QuickAsync(rig, offer, "partner"));
            await rig.SetForOfferAsync(exempt, Rule, "off");
            await rig.SetForOfferAsync(stricter, Rule, "flag", 120);
            Assert.Equal(("approved", "reported"), await QuickAsync(rig, exempt, "exempt"));
            Assert.Equal(("approved", Quick("flag", 120)), await QuickAsync(rig, stricter, "stricter"));
            // Another partner has no setting of its own: everyone's applies to it.
            var other = await Rig.CreateAsync(app);
            Assert.Equal(("pending", Quick("hold", 30)), await QuickAsync(other, await other.OfferAsync(), "elsewhere"));

            view = await RuleViewAsync(Rule);
            Assert.Equal((30L, "hold", "operator"), ((long?)view["limit"], (string?)view["outcome"], (string?)view["source"]));
            // This partner's and offers' settings (the class's other tests may have left settings of their own partners).
            var overrides = view["overrides"]!.AsArray()
                .Where(o => (long?)o!["partner_id"] == rig.PartnerId || (string?)o["offer_id"] is { } id && id == exempt | id == stricter)
                .Select(o => $"{(long?)o!["partner_id"]}|{(string?)o["offer_id"]}|{(long?)o["limit"]}|{(string?)o["outcome"]}");
            Assert.Equal(new[] { $"{rig.PartnerId}||90|reject", $"|{exempt}||off", $"|{stricter}|120|flag" }.Order(StringComparer.Ordinal),
                overrides.Order(StringComparer.Ordinal));

            // DELETE restores the more general setting, one level at a time.
            Assert.Equal(HttpStatusCode.NoContent, (await AdminAsync(HttpMethod.Delete, $"/admin/fraud/rules/{Rule}?offer_id={exempt}")).Status);
            Assert.Equal(("cancelled", Quick("reject", 90)), await QuickAsync(rig, exempt, "exempt-no-more"));
            Assert.Equal(HttpStatusCode.NoContent, (await AdminAsync(HttpMethod.Delete, $"/admin/fraud/rules/{Rule}?partner_id={rig.PartnerId}")).Status);
            Assert.Equal(("pending", Quick("hold", 30)), await QuickAsync(rig, offer, "partner-gone"));
            Assert.Equal(HttpStatusCode.NoContent, (await AdminAsync(HttpMethod.Delete, $"/admin/fraud/rules/{Rule}")).Status);
            Assert.Equal(("approved", Quick("flag")), await QuickAsync(rig, offer, "everyone-gone"));
            Assert.Equal(("approved", Quick("flag", 120)), await QuickAsync(rig, stricter, "still-stricter"));
            view = await RuleViewAsync(Rule);
            Assert.Equal((60L, "flag", "configuration"), ((long?)view["limit"], (string?)view["outcome"], (string?)view["source"]));

            // Nothing left to remove: 404 problems.
            var (status, problem) = await AdminAsync(HttpMethod.Delete, $"/admin/fraud/rules/{Rule}");
            Assert.Equal((HttpStatusCode.NotFound, 404), (status, (int?)problem?["status"]));
            Assert.Equal(HttpStatusCode.NotFound, (await AdminAsync(HttpMethod.Delete, $"/admin/fraud/rules/{Rule}?partner_id={rig.PartnerId}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await AdminAsync(HttpMethod.Delete, $"/admin/fraud/rules/{Rule}?offer_id=no-such-offer")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await AdminAsync(HttpMethod.Delete, "/admin/fraud/rules/no_such_rule")).Status);
        }
        finally
        {
            await AdminAsync(HttpMethod.Delete, $"/admin/fraud/rules/{Rule}");
        }
    }

    [Fact]
    public async Task TheListShowsEveryRuleWithItsDefaultSourceAndOverrides()
    {
        var rig = await Rig.CreateAsync(app);
        var offer = await rig.OfferAsync();
        await rig.SetAsync("device_offer_once", "reject");
        await rig.SetForOfferAsync(offer, "user_conversions_per_day", "hold", 7);
        var (status, body) = await AdminAsync(HttpMethod.Get, "/admin/fraud/rules");
        Assert.Equal(HttpStatusCode.OK, status);
        var rules = body!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(
            [
                "min_seconds_to_convert", "max_seconds_to_convert", "user_conversions_per_hour", "user_conversions_per_day", "address_conversions_per_hour",
                "address_conversions_per_day", "device_conversions_per_hour", "device_conversions_per_day", "address_clicks_per_hour", "device_users",
                "device_offer_once", "country_change",
            ],
            rules.Select(r => (string)r["rule"]!));
        var once = rules.Single(r => (string?)r["rule"] == "device_offer_once");
        Assert.Equal((false, false, null, "off", "configuration"),
            ((bool)once["has_limit"]!, (bool)once["at_start"]!, (long?)once["limit"], (string?)once["outcome"], (string?)once["source"]));
        var overrideOfOnce = once["overrides"]!.AsArray().Single(o => (long?)o!["partner_id"] == rig.PartnerId)!;
        Assert.Equal(("reject", null, null), ((string?)overrideOfOnce["outcome"], (long?)overrideOfOnce["limit"], (string?)overrideOfOnce["offer_id"]));
        var perDay = rules.Single(r => (string?)r["rule"] == "user_conversions_per_day");
        var overrideOfDay = perDay["overrides"]!.AsArray().Single(o => (string?)o!["offer_id"] == offer)!;
        Assert.Equal(("hold", 7L, null), ((string?)overrideOfDay["outcome"], (long?)overrideOfDay["limit"], (long?)overrideOfDay["partner_id"]));
        Assert.True((bool)rules.Single(r => (string?)r["rule"] == "address_clicks_per_hour")["at_start"]!);
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty((string?)r["description"])));
        // PUT answers the setting it made; a second PUT of the same scope replaces it.
        var (_, set) = await rig.PutRuleAsync("user_conversions_per_day", new { offer_id = offer, outcome = "flag", limit = 8 });
        Assert.Equal(("user_conversions_per_day", offer, 8L, "flag"), ((string?)set!["rule"], (string?)set["offer_id"], (long?)set["limit"], (string?)set["outcome"]));
        perDay = (await RuleViewAsync("user_conversions_per_day"));
        Assert.Equal("flag", (string?)Assert.Single(perDay["overrides"]!.AsArray(), o => (string?)o!["offer_id"] == offer)!["outcome"]);
    }

    [Fact]
    public async Task AWrongSettingIsAValidationProblemNamingTheFieldAndWritesNothing()
    {
        var rig = await Rig.CreateAsync(app);
        var offer = await rig.OfferAsync();
        var (_, before) = await AdminAsync(HttpMethod.Get, "/admin/fraud/rules");
        var cases = new (string Rule, object Body, string Field)[]
        {
            (Rule, new { outcome = "maybe", limit = 5 }, "outcome"),
            (Rule, new { outcome = "3", limit = 5 }, "outcome"),
            (Rule, new { limit = 5 }, "outcome"),
            (Rule, new { outcome = "hold" }, "limit"),
            (Rule, new { outcome = "hold", limit = -1 }, "limit"),
            (Rule, new { outcome = "hold", limit = 1_000_000_001 }, "limit"),
            ("device_offer_once", new { outcome = "reject", limit = 1 }, "limit"),
            (Rule, new { outcome = "hold", limit = 5, partner_id = rig.PartnerId, offer_id = offer }, "partner_id"),
            (Rule, new { outcome = "hold", limit = 5, partner_id = 987_654_321 }, "partner_id"),
            (Rule, new { outcome = "hold", limit = 5, offer_id = "no-such-offer" }, "offer_id"),
        };
        foreach (var (rule, body, field) in cases)
        {
            var (status, problem) = await rig.PutRuleAsync(rule, body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{rule} {System.Text.Json.JsonSerializer.Serialize(body)}: {status} {problem?.ToJsonString()}");
            Assert.Equal(400, (int?)problem!["status"]);
            Assert.True(problem["errors"]?[field] is JsonArray { Count: > 0 }, $"{field} not named in {problem.ToJsonString()}");
        }
        var (unknown, notFound) = await rig.PutRuleAsync("no_such_rule", new { outcome = "hold", limit = 5 });
        Assert.Equal((HttpStatusCode.NotFound, 404), (unknown, (int?)notFound!["status"]));
        Assert.Contains("no_such_rule", (string?)notFound["detail"]);
        var (_, after) = await AdminAsync(HttpMethod.Get, "/admin/fraud/rules");
        Assert.Equal(before!.ToJsonString(), after!.ToJsonString());
        // A limit at the bounds is taken.
        Assert.Equal(HttpStatusCode.OK, (await rig.PutRuleAsync(Rule, new { outcome = "hold", limit = 0, partner_id = rig.PartnerId })).Status);
        Assert.Equal(HttpStatusCode.OK, (await rig.PutRuleAsync(Rule, new { outcome = "hold", limit = 1_000_000_000, partner_id = rig.PartnerId })).Status);
    }
}
