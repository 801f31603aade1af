using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>
/// Data API: a demo partner's conversions in a range of about a million rows (the demo's largest
/// partner, Coin Quest). Latency of the first, a middle and the last 1,000-row page, one request at a
/// time, then pages per second over random pages at several connections; the baseline serves a
/// pre-built page of the same shape. Every answer is checked: status 200, the exact number of rows
/// (1,000, the remainder on the last page) and the exact total.
/// </summary>
public static class DataApiPhase
{
    public const string ServerKey = "demo_coinquest_server_key";
    private const long TargetRows = 1_000_000;
    // The demo spreads its rows over the last 60 days of UTC: 62 Eastern days hold them all.
    private const int AllDays = 62;
    private const int WarmupRequests = 5;
    private const double ThroughputGoal = 0.5;
    private static readonly byte[] RowKey = "\"transaction_id\":"u8.ToArray();

    public static string ConversionsPath(DateOnly from, DateOnly to, int perPage, int page) =>
        $"/data/partner/conversions?from_date={DataRange.Day(from)}&to_date={DataRange.Day(to)}" +
        $"&per_page={perPage.ToString(CultureInfo.InvariantCulture)}&page={page.ToString(CultureInfo.InvariantCulture)}";

    public static HttpClient PartnerClient(Uri url, int connections)
    {
        var http = Http.Client(url, connections);
        http.DefaultRequestHeaders.Authorization = new("Bearer", ServerKey);
        return http;
    }

    public static async Task RunAsync(BenchContext c, string phase, CancellationToken ct)
    {
        var o = c.Options;
        using var http = PartnerClient(o.Url, o.PageConcurrency);
        using var baseline = Http.Client(o.BaselineUrl, o.PageConcurrency);
        var range = c.Range ??= await ChooseRangeAsync(http, ct);
        var t = c.Table;
        long failures = 0, baselineFailures = 0;

        // 1. Latency, one request at a time.
        var buffer = new BodyBuffer();
        (string Label, int Page)[] pages = [("first", 1), ("middle", (range.LastPage + 1) / 2), ("last", range.LastPage)];
        var latencies = new List<(string Label, int Page, double[] Sorted)>();
        foreach (var (label, page) in pages)
        {
            var (sorted, failed) = await SequentialAsync(http, range.Path(page), range.RowsOn(page), range.Total, o.Samples, buffer, ct);
            failures += failed;
            latencies.Add((label, page, sorted));
            Console.WriteLine($"  page {page} ({label}, {range.RowsOn(page)} rows): p50 {Fmt.Ms(Stats.Percentile(sorted, 0.5))} ms, " +
                              $"p99 {Fmt.Ms(Stats.Percentile(sorted, 0.99))} ms over {sorted.Length} requests, {failed} failures");
        }
        var firstSize = await SizeAsync(http, range.Path(1), buffer, ct);
        var (baseSorted, baseFailed) = await SequentialAsync(baseline, "/page", DataRange.PerPage, null, o.Samples, buffer, ct);
        baselineFailures += baseFailed;
        var baseSize = await SizeAsync(baseline, "/page", buffer, ct);
        Console.WriteLine($"  baseline /page: p50 {Fmt.Ms(Stats.Percentile(baseSorted, 0.5))} ms, p99 {Fmt.Ms(Stats.Percentile(baseSorted, 0.99))} ms; " +
                          $"answers {firstSize / 1024} KB (page 1) vs {baseSize / 1024} KB (/page)");

        // 2. Pages per second over random pages; runs alternate with the baseline's.
        Func<int, Operation> randomPages = _ =>
        {
            var body = new BodyBuffer();
            return async token =>
            {
                var page = Random.Shared.Next(1, range.LastPage + 1);
                return Check(await Http.GetAsync(http, range.Path(page), body, token), body, range.RowsOn(page), range.Total);
            };
        };
        var (ours, theirs, pageFailures, baselinePageFailures) = await Load.CompareAsync(o, o.PageConcurrency, "pages", randomPages, _ =>
        {
            var body = new BodyBuffer();
            return async token => Check(await Http.GetAsync(baseline, "/page", body, token), body, DataRange.PerPage, null);
        }, ct);
        failures += pageFailures;
        baselineFailures += baselinePageFailures;

        t.Add(phase, $"Coin Quest rows in {range} (exact total, {Fmt.Int(range.LastPage)} pages)", Fmt.Int(range.Total));
        var firstP50 = Stats.Percentile(latencies[0].Sorted, 0.5);
        foreach (var (label, page, sorted) in latencies)
        {
            var measure = $"page {Fmt.Int(page)} ({label}, {Fmt.Int(range.RowsOn(page))} rows) p50 / p99 ms, {sorted.Length} one at a time";
            var cells = $"{Fmt.Ms(Stats.Percentile(sorted, 0.5))} / {Fmt.Ms(Stats.Percentile(sorted, 0.99))}";
            if (label == "first")
            {
                t.Add(phase, measure, cells, $"{Fmt.Ms(Stats.Percentile(baseSorted, 0.5))} / {Fmt.Ms(Stats.Percentile(baseSorted, 0.99))}");
            }
            else if (label == "last")
            {
                var depth = Stats.Percentile(sorted, 0.5) / firstP50;
                t.Add(phase, measure, cells, "", $"{Fmt.Ratio(depth)}× first", "p50 ≤ 2× first", Fmt.Met(depth <= 2));
            }
            else
            {
                t.Add(phase, measure, cells, "", $"{Fmt.Ratio(Stats.Percentile(sorted, 0.5) / firstP50)}× first");
            }
        }
        var ratio = ours.MedianRate / theirs.MedianRate;
        t.Add(phase, $"pages/s, random pages, {o.PageConcurrency} conn. (median of {ours.Count})", Fmt.Int(ours.MedianRate), Fmt.Int(theirs.MedianRate),
            Fmt.Ratio(ratio), $"≥ {ThroughputGoal:F2}", Fmt.Met(ratio >= ThroughputGoal));
        t.Add(phase, "  their latency p50 / p99 (ms)", $"{Fmt.Ms(ours.Percentile(0.5))} / {Fmt.Ms(ours.Percentile(0.99))}",
            $"{Fmt.Ms(theirs.Percentile(0.5))} / {Fmt.Ms(theirs.Percentile(0.99))}");
        t.Add(phase, "  server process CPU per page (ms)", ours.CpuPerOperation, theirs.CpuPerOperation);
        PgStatements.AddRow(t, phase, "pages", await PgStatements.MeasureAsync(o, "Data API page", randomPages, ct), null);
        t.Add(phase, "answer size, page 1 vs /page (KB)", Fmt.Int(firstSize / 1024.0), Fmt.Int(baseSize / 1024.0));
        t.AddFailures(phase, failures, baselineFailures);
    }

    /// <summary>Null when the answer is a page of exactly <paramref name="rows"/> rows (and of <paramref name="total"/>, when given).</summary>
    private static string? Check(HttpStatusCode status, BodyBuffer body, int rows, long? total)
    {
        if (status != HttpStatusCode.OK) return Http.Failure(status, body);
        var count = Http.Count(body.Span, RowKey);
        if (count != rows) return $"200 with {count} rows where {rows} were due";
        if (total is { } n && body.Span.IndexOf(System.Text.Encoding.UTF8.GetBytes($"\"total\":{n.ToString(CultureInfo.InvariantCulture)}")) < 0)
            return $"200 whose meta.total is not {n}";
        return null;
    }

    /// <summary>A few requests to warm up, then <paramref name="samples"/> timed ones, one at a time; latencies of the good ones, sorted.</summary>
    private static async Task<(double[] Sorted, long Failures)> SequentialAsync(
        HttpClient http, string path, int rows, long? total, int samples, BodyBuffer body, CancellationToken ct)
    {
        var latencies = new List<double>(samples);
        var failures = 0L;
        for (var i = 0; i < WarmupRequests + samples && !ct.IsCancellationRequested; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            string? failure;
            try
            {
                failure = Check(await Http.GetAsync(http, path, body, ct), body, rows, total);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                failure = $"{e.GetType().Name}: {e.Message}";
            }
            var ms = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (failure is not null)
            {
                if (++failures <= 5) Console.WriteLine($"    failure {path}: {failure}");
            }
            else if (i >= WarmupRequests)
            {
                latencies.Add(ms);
            }
        }
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return (sorted, failures);
    }

    private static async Task<int> SizeAsync(HttpClient http, string path, BodyBuffer body, CancellationToken ct)
    {
        await Http.GetAsync(http, path, body, ct);
        return body.Length;
    }

    /// <summary>
    /// The range ending today (Eastern) whose total is nearest a million rows, or every day of the demo
    /// when it holds fewer. Totals come from per_page=1 requests, which the hour counts make cheap.
    /// </summary>
    public static async Task<DataRange> ChooseRangeAsync(HttpClient http, CancellationToken ct)
    {
        var eastern = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, eastern));
        var totals = new Dictionary<int, long>();
        async Task<long> TotalAsync(int days)
        {
            if (totals.TryGetValue(days, out var known)) return known;
            var path = ConversionsPath(today.AddDays(1 - days), today, 1, 1);
            using var response = await http.GetAsync(path, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK) throw new BenchSetupException($"GET {path} answered {(int)response.StatusCode}: {Load.Shorten(text)}");
            using var json = JsonDocument.Parse(text);
            return totals[days] = json.RootElement.GetProperty("meta").GetProperty("total").GetInt64();
        }

        var days = AllDays;
        if (await TotalAsync(AllDays) > TargetRows)
        {
            // The smallest number of days holding a million rows, then whichever of it and one day less is nearer.
            var (lo, hi) = (1, AllDays);
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (await TotalAsync(mid) >= TargetRows) hi = mid;
                else lo = mid + 1;
            }
            days = lo > 1 && TargetRows - await TotalAsync(lo - 1) < await TotalAsync(lo) - TargetRows ? lo - 1 : lo;
        }
        var range = new DataRange(today.AddDays(1 - days), today, await TotalAsync(days));
        if (range.Total == 0) throw new BenchSetupException($"Coin Quest has no rows in {range}: was the database filled with `demo`?");
        Console.WriteLine($"  range: {range} ({days} days), {Fmt.Int(range.Total)} rows, {Fmt.Int(range.LastPage)} pages of {DataRange.PerPage}");
        return range;
    }
}
