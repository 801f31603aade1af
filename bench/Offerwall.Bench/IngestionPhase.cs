using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>The answer to one postback, as the bench judges it.</summary>
public sealed record PostbackAnswer(HttpStatusCode? Status, string Body, long? TransactionId, bool Accepted, string? ConversionStatus = null);

/// <summary>
/// Ingestion: advertiser postbacks accepted per second. Each one is signed and names a dynamic goal
/// and a new event id, so each is a new conversion approved at once that writes its ledger row and
/// its partner postback row; the partner's postback URL is the sink, so the server also delivers
/// them as it would in production. Baseline: raw single-row INSERTs into an equal table of the same
/// database at the same concurrency (<see cref="InsertBaseline"/>). Runs alternate between the two,
/// so a drift of the machine (another job, autovacuum) touches both sides alike.
/// <para>
/// With caps: the same postbacks against a second offer (its own advertiser, partner and clicks) with
/// daily and total conversion caps and budgets that are never reached, so every conversion takes its unit
/// of two counter rows (the offer's day and its total: conversions and spend on each) in its own transaction, and is
/// approved. Measured in the same runs as the offer without caps (which of the two goes first alternates),
/// against it: "a cap check must not halve ingestion". Every answer must say approved; afterwards the
/// offer's total counter must hold exactly the conversions accepted and their advertiser payouts.
/// </para>
/// <para>
/// Every fraud rule on: the same postbacks against a third offer (its own advertiser, partner and clicks, each click with its own
/// device) whose partner has all twelve rules of docs/fraud.md with their suggested limits and the outcome flag, so every
/// conversion runs the rules' one bounded query and is still approved (<see cref="FraudFixture"/>). Measured in the same runs as the
/// plain offer (the three offers rotate which goes first), against it: "the rules must cost less than a third of ingestion".
/// Afterwards the database must show the conversions flagged by the address rule (all traffic comes from 127.0.0.1), none held.
/// </para>
/// </summary>
public static class IngestionPhase
{
    private const int DuplicateRequests = 50;
    private const double Goal = 0.25;
    private const double CappedGoal = 0.50;
    private const double RulesGoal = 0.67;

    /// <summary>Every cap and budget an offer can have, far above what a run reaches (the import's maximum, 1,000,000,000).</summary>
    private static readonly object LargeCaps = new
    {
        daily_conversions = 1_000_000_000, total_conversions = 1_000_000_000, daily_budget = 1_000_000_000m, total_budget = 1_000_000_000m,
    };

    public static async Task RunAsync(BenchContext c, string phase, CancellationToken ct)
    {
        var o = c.Options;
        using var http = Http.Client(o.Url, o.IngestConcurrency);
        var tag = BenchContext.NewTag();

        Console.WriteLine($"setup: {o.Clicks} clicks through the client API on each of three offers (one with caps, one with every fraud rule on), " +
                          "the partners' postbacks to the sink ...");
        var setupStarted = Stopwatch.GetTimestamp();
        // SQLite writes one transaction at a time: 32 starts at once only queue (one waited past the client's 30 s time-out at 1M rows).
        var setupConcurrency = o.Engine == "sqlite" ? 4 : o.IngestConcurrency;
        var fixture = await BenchSetup.CreateAsync(http, o.AdminToken, o.Clicks, setupConcurrency, tag, ct);
        await BenchSetup.SetPostbackUrlAsync(http, o.AdminToken, fixture.PartnerId, c.Sink, ct);
        var cappedTag = BenchContext.NewTag();
        var capped = await BenchSetup.CreateAsync(http, o.AdminToken, o.Clicks, setupConcurrency, cappedTag, ct, LargeCaps);
        await BenchSetup.SetPostbackUrlAsync(http, o.AdminToken, capped.PartnerId, c.Sink, ct);
        // The rules are set before the clicks, so the starts are checked too (and, from 127.0.0.1, flagged by the address's clicks).
        var fraudTag = BenchContext.NewTag();
        var fraud = await BenchSetup.CreateAsync(http, o.AdminToken, o.Clicks, setupConcurrency, fraudTag, ct, deviceIds: true,
            beforeClicks: partnerId => FraudFixture.SetRulesAsync(http, o.AdminToken, partnerId, o.FraudRules, ct));
        await BenchSetup.SetPostbackUrlAsync(http, o.AdminToken, fraud.PartnerId, c.Sink, ct);
        Console.WriteLine($"setup: fraud rules for partner {fraud.PartnerId}, each with outcome flag: {FraudFixture.Describe(o.FraudRules)}");
        await using var baseline = await InsertBaseline.CreateAsync(o.Engine, o.Db, o.IngestConcurrency, ct);
        Console.WriteLine($"setup: done in {Stopwatch.GetElapsedTime(setupStarted).TotalSeconds:F1} s");

        var plain = new Variant("", fixture, tag);
        var withCaps = new Variant(", with caps", capped, cappedTag);
        var withRules = new Variant(", every fraud rule on", fraud, fraudTag);
        // The rules' offer first in the warm-up: its first conversions come within min_seconds_to_convert of their clicks.
        Variant[] variants = [withRules, plain, withCaps];
        long baselineFailures = 0, baselineInserted = 0;
        var inserts = new Series();
        for (var run = 0; run <= o.Runs && !ct.IsCancellationRequested; run++)
        {
            // Run 0 is the warm-up, not reported: until tiered JIT has optimised the hot path (slow on a busy small machine), a run measures the JIT.
            var seconds = run == 0 ? o.Warmup : o.Seconds;
            if (seconds == 0) continue;
            var label = run == 0 ? "warm-up" : $"run {run}";

            // Each offer in turn; which goes first rotates, so none always runs first or on another's leftovers.
            foreach (var v in variants.Skip(run % variants.Length).Concat(variants.Take(run % variants.Length)))
            {
                var accepted = new ConcurrentBag<long>();
                var cpu = Cpu.Of(o.ServerPid);
                var ours = await Load.RunAsync(o.IngestConcurrency, seconds, _ => async token =>
                {
                    var answer = await SendAsync(http, v.Fixture, v.Events.Next(), token);
                    if (!answer.Accepted) return $"{Status(answer)}: {Load.Shorten(answer.Body)}";
                    // Accepted but not approved: a cap that should never be reached refused it, a rule held it (or the goal changed).
                    if (answer.ConversionStatus != "approved") return $"conversion_status {answer.ConversionStatus ?? "missing"}: {Load.Shorten(answer.Body)}";
                    accepted.Add(answer.TransactionId!.Value);
                    Interlocked.Increment(ref v.Approved);
                    return null;
                }, ct);
                v.Failures += ours.Failures;
                Load.Print($"offerwall {label}{v.Label}", ours, "accepted");
                // The next run must not share the machine with the server's delivery backlog.
                await DrainAsync(c.Sink, accepted, ct);
                // Until drained: a postback's cost includes sending its delivery.
                cpu = Cpu.Since(o.ServerPid, cpu);
                if (run == 0) continue;
                v.Series.Add(ours);
                v.Series.AddCpu(cpu);
            }

            var theirs = await Load.RunAsync(o.IngestConcurrency, seconds, baseline.Worker, ct);
            baselineFailures += theirs.Failures;
            baselineInserted += theirs.Ok;
            Load.Print($"baseline  {label}", theirs, "inserts");
            if (run == 0) continue;
            inserts.Add(theirs);
        }

        var rows = await baseline.CountAsync(ct);
        var (duplicatesOk, duplicateSummary) = await DuplicateCheckAsync(http, fixture, tag, ct);
        Console.WriteLine($"baseline table: {Fmt.Int(rows)} rows for {Fmt.Int(baselineInserted)} INSERTs; {duplicateSummary}");
        var (counterOk, counterSummary) = await CapCounterCheckAsync(o, capped, withCaps.Approved, ct);
        Console.WriteLine(counterSummary);
        var (rulesOk, rulesSummary) = await FraudFixture.CheckAsync(o, fraud, fixture, withRules.Approved, ct);
        Console.WriteLine(rulesSummary);
        foreach (var v in variants) Console.WriteLine($"accepted/s per run{(v.Label.Length == 0 ? ", no caps or rules" : v.Label)}: {v.Series.Rates}");

        var t = c.Table;
        var offerwall = plain.Series;
        // An INSERT counted but not stored would flatter the baseline.
        if (rows != baselineInserted) t.Fail(phase, $"the baseline table has {rows} rows for {baselineInserted} successful INSERTs");
        var ratio = offerwall.MedianRate / inserts.MedianRate;
        t.Add(phase, $"accepted postbacks/s vs single-row INSERTs/s, {o.IngestConcurrency} conn. (median of {offerwall.Count})",
            Fmt.Int(offerwall.MedianRate), Fmt.Int(inserts.MedianRate), Fmt.Ratio(ratio), $"≥ {Goal:F2}", Fmt.Met(ratio >= Goal));
        t.Add(phase, "latency p50 / p99 (ms)",
            $"{Fmt.Ms(offerwall.Percentile(0.5))} / {Fmt.Ms(offerwall.Percentile(0.99))}", $"{Fmt.Ms(inserts.Percentile(0.5))} / {Fmt.Ms(inserts.Percentile(0.99))}");
        t.Add(phase, "server process CPU per accepted postback, its delivery included (ms)", offerwall.CpuPerOperation);
        t.Add(phase, $"{DuplicateRequests} identical postbacks at once → 1 conversion", duplicatesOk ? "ok" : "FAILED", "", "", "exactly 1", duplicatesOk ? "yes" : "FAIL");
        if (!duplicatesOk) t.Fail(phase, duplicateSummary);
        t.AddFailures(phase, plain.Failures, baselineFailures);

        var cappedRatio = withCaps.Series.MedianRate / offerwall.MedianRate;
        t.Add(phase, $"with caps (daily + total, conversions + budget, never reached): accepted/s vs without caps, same runs (median of {withCaps.Series.Count})",
            Fmt.Int(withCaps.Series.MedianRate), Fmt.Int(offerwall.MedianRate), Fmt.Ratio(cappedRatio), $"≥ {CappedGoal:F2}", Fmt.Met(cappedRatio >= CappedGoal));
        AddSideRows(t, phase, "with caps", withCaps.Series, offerwall);
        t.Add(phase, "  with caps: the offer's total cap counter = conversions accepted", counterOk ? "ok" : "FAILED", "", "", "equal", counterOk ? "yes" : "FAIL");
        if (!counterOk) t.Fail(phase, counterSummary);
        t.AddFailures(phase, withCaps.Failures, null, "  with caps: failed requests");

        var rulesRatio = withRules.Series.MedianRate / offerwall.MedianRate;
        var rulesOn = o.FraudRules.Count == FraudFixture.Rules.Count ? "every fraud rule on (12" : $"fraud rules on ({o.FraudRules.Count} of 12";
        t.Add(phase, $"{rulesOn}, outcome flag, suggested limits): accepted/s vs every rule off, same runs (median of {withRules.Series.Count})",
            Fmt.Int(withRules.Series.MedianRate), Fmt.Int(offerwall.MedianRate), Fmt.Ratio(rulesRatio), $"≥ {RulesGoal:F2}", Fmt.Met(rulesRatio >= RulesGoal));
        AddSideRows(t, phase, "rules on", withRules.Series, offerwall);
        t.Add(phase, "  rules on: conversions checked (flagged, none held; by the address rule when on)", rulesOk ? "ok" : "FAILED", "", "", "flagged", rulesOk ? "yes" : "FAIL");
        if (!rulesOk) t.Fail(phase, rulesSummary);
        t.AddFailures(phase, withRules.Failures, null, "  rules on: failed requests");
    }

    /// <summary>The latency and CPU rows of a variant against the plain offer's.</summary>
    private static void AddSideRows(ResultTable t, string phase, string name, Series side, Series plain)
    {
        t.Add(phase, $"  {name}: latency p50 / p99 (ms)",
            $"{Fmt.Ms(side.Percentile(0.5))} / {Fmt.Ms(side.Percentile(0.99))}", $"{Fmt.Ms(plain.Percentile(0.5))} / {Fmt.Ms(plain.Percentile(0.99))}");
        t.Add(phase, $"  {name}: server process CPU per accepted postback, its delivery included (ms)", side.CpuPerOperation, plain.CpuPerOperation);
    }

    /// <summary>
    /// The capped offer's total counter (the offer's own, goal 0) holds exactly the conversions the bench saw approved, and their
    /// advertiser payouts as its spend: every conversion took its unit, none twice.
    /// </summary>
    private static async Task<(bool Ok, string Summary)> CapCounterCheckAsync(RunOptions o, BenchFixture capped, long approved, CancellationToken ct)
    {
        var offer = new Dictionary<string, object> { ["offer"] = capped.OfferId };
        const string OfferRow = "(SELECT id FROM offers WHERE public_id = @offer)";
        var counted = await InsertBaseline.ScalarAsync(o.Engine, o.Db,
            $"SELECT coalesce(max(conversions), -1) FROM cap_counters WHERE offer_id = {OfferRow} AND goal_id = 0 AND day = 'total'", offer, ct);
        var spendGap = await InsertBaseline.ScalarAsync(o.Engine, o.Db,
            $"SELECT coalesce((SELECT max(spend) FROM cap_counters WHERE offer_id = {OfferRow} AND goal_id = 0 AND day = 'total'), -1) " +
            $"- coalesce((SELECT sum(advertiser_payout) FROM conversions WHERE offer_id = {OfferRow} AND status = 1), 0)", offer, ct);
        var ok = counted == approved && spendGap == 0;
        return (ok, $"cap counter check: {Fmt.Int(approved)} conversions approved on the capped offer, its total counter says {Fmt.Int(counted)}; " +
                    $"counter spend minus their advertiser payouts: {spendGap} micro-USD ({(ok ? "ok" : "FAILED")})");
    }

    /// <summary>Waits until the sink has received every accepted conversion's postback (bounded: a slow worker is a figure, not a hang).</summary>
    internal static async Task DrainAsync(Sink sink, ConcurrentBag<long> accepted, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var limit = TimeSpan.FromSeconds(Math.Max(60, accepted.Count / 200.0));
        var ids = accepted.ToArray();
        var left = ids.Length;
        while (!ct.IsCancellationRequested)
        {
            left = ids.Count(id => !sink.Received.ContainsKey(id));
            if (left == 0 || Stopwatch.GetElapsedTime(started) > limit) break;
            await Task.Delay(50, ct);
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(left == 0
            ? $"    their {Fmt.Int(ids.Length)} deliveries reached the sink {seconds:F1} s after the run"
            : $"    {Fmt.Int(left)} of {Fmt.Int(ids.Length)} deliveries had not reached the sink after {seconds:F0} s; measuring on");
    }

    private static async Task<PostbackAnswer> SendAsync(HttpClient http, BenchFixture fixture, (long N, string EventId) e, CancellationToken ct) =>
        await SendAsync(http, fixture, fixture.TxIds[(int)(e.N % fixture.TxIds.Count)], e.EventId, ct);

    internal static async Task<PostbackAnswer> SendAsync(HttpClient http, BenchFixture fixture, string txId, string eventId, CancellationToken ct)
    {
        var query = PostbackSignature.SignedQuery(fixture.AdvertiserSecret,
        [
            new("tx_id", txId),
            new("goal_id", fixture.GoalId),
            new("event_id", eventId),
            new("payout", "5"),
        ]);
        try
        {
            using var response = await http.GetAsync($"/postbacks/advertiser?{query}", ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK) return new PostbackAnswer(response.StatusCode, body, null, false);
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var id = root.TryGetProperty("transaction_id", out var t) && t.TryGetInt64(out var v) ? v : (long?)null;
            var isNew = root.TryGetProperty("duplicate", out var d) && d.ValueKind == JsonValueKind.False;
            var status = root.TryGetProperty("conversion_status", out var cs) && cs.ValueKind == JsonValueKind.String ? cs.GetString() : null;
            return new PostbackAnswer(response.StatusCode, body, id, isNew && id is not null, status);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return new PostbackAnswer(null, $"{e.GetType().Name}: {e.Message}", null, false);
        }
    }

    private static string Status(PostbackAnswer a) => a.Status is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : "no answer";

    /// <summary>The same postback many times at once: exactly one conversion must come of it.</summary>
    private static async Task<(bool Ok, string Summary)> DuplicateCheckAsync(HttpClient http, BenchFixture fixture, string tag, CancellationToken ct)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, DuplicateRequests)
            .Select(_ => SendAsync(http, fixture, fixture.TxIds[0], $"{tag}-duplicate-check", ct)));
        var ok = answers.Count(a => a.Status == HttpStatusCode.OK);
        var distinct = answers.Where(a => a.TransactionId is not null).Select(a => a.TransactionId).Distinct().Count();
        var fresh = answers.Count(a => a.Accepted);
        var passed = ok == DuplicateRequests && distinct == 1 && fresh == 1;
        foreach (var a in answers.Where(a => a.Status != HttpStatusCode.OK).Take(5))
            Console.WriteLine($"    failure {Status(a)}: {Load.Shorten(a.Body)}");
        return (passed, $"duplicate check: {DuplicateRequests} identical postbacks in parallel -> {ok} answered 200, " +
                        $"{distinct} distinct transaction_id, {fresh} new ({(passed ? "ok" : "FAILED")})");
    }

    /// <summary>One offer the runs load in turn: its fixture, event ids, measured runs, failures and conversions approved (warm-up included).</summary>
    private sealed class Variant(string label, BenchFixture fixture, string tag)
    {
        public long Approved;

        public string Label { get; } = label;
        public BenchFixture Fixture { get; } = fixture;
        public EventIds Events { get; } = new(tag);
        public Series Series { get; } = new();
        public long Failures { get; set; }
    }

    /// <summary>Event ids unique across the warm-up and every run, so each postback is a new conversion.</summary>
    private sealed class EventIds(string tag)
    {
        private long _next;

        public (long N, string EventId) Next()
        {
            var n = Interlocked.Increment(ref _next);
            return (n, $"{tag}-{n.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
