using System.Globalization;

namespace Offerwall.Bench;

/// <summary>
/// The ingestion phase's offer "with every fraud rule on": all twelve rules of docs/fraud.md set for its partner with their suggested
/// starting limits and the outcome <c>flag</c> (paid as usual, listed for review), so every postback is still approved and the bench's
/// checks hold. Its clicks carry a device each, so the device rules count rows too. All of the bench's traffic comes from 127.0.0.1:
/// the address rules pass their limits within the first seconds and flag from then on, which is what a carrier's NAT address does.
/// </summary>
public static class FraudFixture
{
    /// <summary>Each rule and its suggested starting limit (docs/fraud.md); null for the rules without a figure.</summary>
    public static readonly IReadOnlyList<(string Rule, long? Limit)> Rules =
    [
        ("min_seconds_to_convert", 30),
        ("max_seconds_to_convert", 2_592_000),
        ("user_conversions_per_hour", 20),
        ("user_conversions_per_day", 100),
        ("address_conversions_per_hour", 30),
        ("address_conversions_per_day", 200),
        ("device_conversions_per_hour", 20),
        ("device_conversions_per_day", 100),
        ("address_clicks_per_hour", 300),
        ("device_users", 3),
        ("device_offer_once", null),
        ("country_change", null),
    ];

    private const string AddressRule = "address_conversions_per_hour";

    /// <summary>Sets the rules (every rule unless --fraud-rules names fewer) for the partner through the admin API, as an operator would.</summary>
    public static async Task SetRulesAsync(HttpClient http, string adminToken, long partnerId, IReadOnlyList<string> names, CancellationToken ct)
    {
        foreach (var (rule, limit) in Rules.Where(r => names.Contains(r.Rule)))
            await BenchSetup.AdminSendAsync(http, adminToken, HttpMethod.Put, $"/admin/fraud/rules/{rule}",
                new Dictionary<string, object?> { ["partner_id"] = partnerId, ["limit"] = limit, ["outcome"] = "flag" }, ct);
    }

    /// <summary>
    /// What the server stored shows the rules were checked: the offer's conversions are the ones the bench saw approved, none held or
    /// cancelled, some flagged; with the address rule on, all but the first few are flagged by it (every conversion comes from
    /// 127.0.0.1, so only the first <c>limit</c> of the hour, plus those in flight beside them, may pass it); every click has its
    /// device; and no conversion of the plain offer, whose partner has no rule, is in the review queue. The summary counts the flags per rule.
    /// </summary>
    public static async Task<(bool Ok, string Summary)> CheckAsync(RunOptions o, BenchFixture fraud, BenchFixture plain, long approved,
        CancellationToken ct)
    {
        var args = new Dictionary<string, object> { ["offer"] = fraud.OfferId, ["plain"] = plain.OfferId };
        const string Offer = "(SELECT id FROM offers WHERE public_id = @offer)";
        Task<long> Count(string sql) => InsertBaseline.ScalarAsync(o.Engine, o.Db, sql, args, ct);
        // review_rules is the triggered rules' names, comma-separated.
        string Flagged(string rule) => $"SELECT count(*) FROM conversions WHERE offer_id = {Offer} AND review = 2 AND (',' || review_rules || ',') LIKE '%,{rule},%'";

        var stored = await Count($"SELECT count(*) FROM conversions WHERE offer_id = {Offer} AND status = 1");
        var notApproved = await Count($"SELECT count(*) FROM conversions WHERE offer_id = {Offer} AND (status <> 1 OR review = 1)");
        var flagged = await Count($"SELECT count(*) FROM conversions WHERE offer_id = {Offer} AND review = 2");
        var byAddress = await Count(Flagged(AddressRule));
        var clicks = await Count($"SELECT count(*) FROM clicks WHERE offer_id = {Offer}");
        var withDevice = await Count($"SELECT count(*) FROM clicks WHERE offer_id = {Offer} AND device_key <> ''");
        var plainInQueue = await Count("SELECT count(*) FROM conversions WHERE offer_id = (SELECT id FROM offers WHERE public_id = @plain) AND review <> 0");
        var perRule = new List<string>();
        foreach (var (rule, _) in Rules)
            if (await Count(Flagged(rule)) is > 0 and var n) perRule.Add($"{rule} {Fmt.Int(n)}");

        var addressOn = o.FraudRules.Contains(AddressRule);
        var mayPass = Rules.First(r => r.Rule == AddressRule).Limit!.Value + o.IngestConcurrency;
        var expected = addressOn ? Math.Max(1, approved - mayPass) : 0;
        var ok = approved > 0 && stored == approved && notApproved == 0 && flagged > 0 && byAddress >= expected
                 && clicks == fraud.TxIds.Count && withDevice == clicks && plainInQueue == 0;
        return (ok, $"fraud rules check: {Fmt.Int(approved)} conversions approved on the offer with {o.FraudRules.Count} rules on, " +
                    $"{Fmt.Int(stored)} stored approved, " +
                    $"{Fmt.Int(notApproved)} held or not approved; {Fmt.Int(flagged)} flagged, {Fmt.Int(byAddress)} of them by {AddressRule} " +
                    $"(at least {Fmt.Int(expected)} expected); {Fmt.Int(withDevice)} of {Fmt.Int(clicks)} clicks with a device; " +
                    $"{Fmt.Int(plainInQueue)} conversions of the offer without rules in the review queue; flags per rule: " +
                    $"{(perRule.Count == 0 ? "none" : string.Join(", ", perRule))} ({(ok ? "ok" : "FAILED")})");
    }

    /// <summary>The rules named, each with its limit: "min_seconds_to_convert 30, …, country_change".</summary>
    public static string Describe(IReadOnlyList<string> names) => string.Join(", ", Rules.Where(r => names.Contains(r.Rule))
        .Select(r => r.Limit is { } l ? $"{r.Rule} {l.ToString(CultureInfo.InvariantCulture)}" : r.Rule));
}
