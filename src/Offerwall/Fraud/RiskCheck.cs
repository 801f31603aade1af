using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Fraud;

/// <summary>
/// Checks the rules that are on (<see cref="RuleBook"/>) against the database, at a start and at a conversion. The counts come from
/// indexed rows that every node writes (clicks and conversions, by address, device and user, with their times), so two nodes count
/// the same; they are read in one query, and each count stops at one past its limit, so a busy address costs no more than a quiet
/// one. Two conversions of one address at the same instant on two nodes may both be counted before either is written: a limit can be
/// passed by the conversions in flight at once, never more (docs/fraud.md).
/// </summary>
public static class RiskCheck
{
    /// <summary>The rules checked at a conversion: every rule but the clicks of an address.</summary>
    public static async Task<Verdict> AtConversionAsync(OfferwallDb db, RuleBook rules, RiskProbe probe, DateTime now, CancellationToken ct)
    {
        if (rules.IsEmpty) return Verdict.Clean;
        var findings = new List<Finding>();
        if (probe.ClickedAt is { } clickedAt)
        {
            var seconds = (long)Math.Floor((now - clickedAt).TotalSeconds);
            if (rules[FraudRule.MinSecondsToConvert] is { } min && seconds < min.Limit)
                findings.Add(new Finding(min.Name, min.Outcome, $"converted {seconds} s after the click, minimum {min.Limit} s"));
            if (rules[FraudRule.MaxSecondsToConvert] is { } max && seconds > max.Limit)
                findings.Add(new Finding(max.Name, max.Outcome, $"converted {seconds} s after the click, maximum {max.Limit} s"));
        }
        var counted = rules.Rules.Where(r => r.Name is not (FraudRule.MinSecondsToConvert or FraudRule.MaxSecondsToConvert or FraudRule.AddressClicksPerHour)).ToList();
        if (counted.Count == 0) return Counted(findings, "conversion");
        var counts = await CountAsync(db, counted, probe, now, atStart: false, ct);
        Over(findings, rules[FraudRule.UserConversionsPerHour], counts.UserHour, n => $"{n} conversions of user {probe.UserExternalId} in the last hour");
        Over(findings, rules[FraudRule.UserConversionsPerDay], counts.UserDay, n => $"{n} conversions of user {probe.UserExternalId} in the last 24 hours");
        Over(findings, rules[FraudRule.AddressConversionsPerHour], counts.AddressHour, n => $"{n} conversions from {probe.Ip} in the last hour");
        Over(findings, rules[FraudRule.AddressConversionsPerDay], counts.AddressDay, n => $"{n} conversions from {probe.Ip} in the last 24 hours");
        Over(findings, rules[FraudRule.DeviceConversionsPerHour], counts.DeviceHour, n => $"{n} conversions from device {probe.DeviceKey} in the last hour");
        Over(findings, rules[FraudRule.DeviceConversionsPerDay], counts.DeviceDay, n => $"{n} conversions from device {probe.DeviceKey} in the last 24 hours");
        Shared(findings, rules, counts, probe);
        if (rules[FraudRule.DeviceOfferOnce] is { } once && counts.DeviceOtherUsers > 0)
            findings.Add(new Finding(once.Name, once.Outcome, $"device {probe.DeviceKey} already converted this offer as another user"));
        return Counted(findings, "conversion");
    }

    /// <summary>The rules checked at a start that makes a new click: the clicks of an address, the users of a device, a changed country.</summary>
    public static async Task<Verdict> AtStartAsync(OfferwallDb db, RuleBook rules, RiskProbe probe, DateTime now, CancellationToken ct)
    {
        var counted = rules.Rules.Where(r => FraudRule.Find(r.Name)!.AtStart).ToList();
        if (counted.Count == 0) return Verdict.Clean;
        var counts = await CountAsync(db, counted, probe, now, atStart: true, ct);
        var findings = new List<Finding>();
        Over(findings, rules[FraudRule.AddressClicksPerHour], counts.AddressClicks, n => $"{n} offer starts from {probe.Ip} in the last hour");
        Shared(findings, rules, counts, probe);
        return Counted(findings, "start");
    }

    /// <summary>The verdict of these findings, each counted by rule, outcome and stage (<see cref="OfferwallMetrics"/>).</summary>
    private static Verdict Counted(List<Finding> findings, string stage)
    {
        foreach (var f in findings) OfferwallMetrics.FraudDecision(f.Rule, FraudRule.OutcomeName(f.Outcome), stage);
        return Verdict.Of(findings);
    }

    private static void Shared(List<Finding> findings, RuleBook rules, RiskCounts counts, RiskProbe probe)
    {
        Over(findings, rules[FraudRule.DeviceUsers], counts.DeviceUsers, n => $"device {probe.DeviceKey} used by {n} users of this partner");
        if (rules[FraudRule.CountryChange] is { } change && counts.OtherCountry is { Length: > 0 } other)
            findings.Add(new Finding(change.Name, change.Outcome, $"the user's clicks come from {other} and now {probe.Country}"));
    }

    /// <summary>A count of rows already written, plus the one being decided, over the rule's limit.</summary>
    private static void Over(List<Finding> findings, ActiveRule? rule, long existing, Func<long, string> figures)
    {
        if (rule is null || existing + 1 <= rule.Limit) return;
        findings.Add(new Finding(rule.Name, rule.Outcome, $"{figures(existing + 1)}, limit {rule.Limit}"));
    }

    /// <summary>
    /// One query: a bounded count (or a lookup) per rule that is on and applies to the probe, a constant for the others. Written and read
    /// with ADO.NET on the context's connection: through EF (a raw query it composes) it cost about 1 ms of CPU more per conversion.
    /// </summary>
    private static async Task<RiskCounts> CountAsync(OfferwallDb db, List<ActiveRule> rules, RiskProbe p, DateTime now, bool atStart, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        string P(object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameter.Value = value;
            command.Parameters.Add(parameter);
            return parameter.ParameterName;
        }
        ActiveRule? On(string name) => rules.FirstOrDefault(r => r.Name == name);
        // Counts at most limit rows (limit + 1 with the one being decided is enough to say "over").
        string Bounded(ActiveRule? rule, bool applies, string from) => rule is null || !applies
            ? "CAST(0 AS bigint)"
            : $"(SELECT count(*) FROM (SELECT 1 FROM {from} LIMIT {P(rule.Limit + 1)}) AS t)";
        var hourAgo = now.AddHours(-1);
        var dayAgo = now.AddDays(-1);
        var hasUser = p.UserId is not null;
        var hasIp = p.Ip.Length > 0;
        var hasDevice = p.DeviceKey.Length > 0;
        var user = hasUser ? P(p.UserId!.Value) : "NULL";
        // The device's key, and not empty in so many words: the device indexes are partial (device_key <> ''), and a planner can use one
        // only where the query implies its filter. Without it SQLite scanned every click and conversion (docs/performance.md).
        string Device() => $"device_key = {P(p.DeviceKey)} AND device_key <> ''";
        // In the order of RiskCounts' members.
        string[] columns =
        [
            Bounded(On(FraudRule.UserConversionsPerHour), hasUser, $"conversions WHERE user_id = {user} AND created_at >= {P(hourAgo)}"),
            Bounded(On(FraudRule.UserConversionsPerDay), hasUser, $"conversions WHERE user_id = {user} AND created_at >= {P(dayAgo)}"),
            Bounded(On(FraudRule.AddressConversionsPerHour), hasIp, $"conversions WHERE ip = {P(p.Ip)} AND created_at >= {P(hourAgo)}"),
            Bounded(On(FraudRule.AddressConversionsPerDay), hasIp, $"conversions WHERE ip = {P(p.Ip)} AND created_at >= {P(dayAgo)}"),
            Bounded(On(FraudRule.DeviceConversionsPerHour), hasDevice, $"conversions WHERE {Device()} AND created_at >= {P(hourAgo)}"),
            Bounded(On(FraudRule.DeviceConversionsPerDay), hasDevice, $"conversions WHERE {Device()} AND created_at >= {P(dayAgo)}"),
            Bounded(On(FraudRule.AddressClicksPerHour), hasIp && atStart, $"clicks WHERE ip = {P(p.Ip)} AND created_at >= {P(hourAgo)}"),
            // The device's other users (this one is added as the one being decided); at a conversion, this user's click is one of them.
            Bounded(On(FraudRule.DeviceUsers), hasDevice,
                $"(SELECT DISTINCT user_id FROM clicks WHERE partner_id = {P(p.PartnerId)} AND {Device()}"
                + (hasUser ? $" AND user_id <> {user}" : "") + ") AS u"),
            Bounded(On(FraudRule.DeviceOfferOnce) is { } once ? once with { Limit = 0 } : null, hasDevice && hasUser && !atStart,
                $"conversions WHERE {Device()} AND offer_id = {P(p.OfferId)} AND user_id <> {user} AND status <> {P((int)ConversionStatus.Cancelled)}"),
            On(FraudRule.CountryChange) is not null && hasUser && p.Country.Length > 0
                ? $"(SELECT country FROM clicks WHERE user_id = {user} AND country <> '' AND country <> {P(p.Country)} LIMIT 1)"
                : "CAST(NULL AS varchar(2))",
        ];
        // The text is this method's own fragments and parameter names only; every value goes in as a parameter.
        command.CommandText = "SELECT " + string.Join(",\n       ", columns);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new RiskCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetString(9));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
