using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>
/// Reports (GET /admin/reports, docs/reports.md) on the demo's data. First the report of the demo's whole range by
/// offer, once, cold: it adds up and stores every closed hour of the range (the rollups), so its time is the rollups'
/// one-off cost; then the same report again, warm, and the ledger scan that answers it. Then reports per second at
/// several connections for random 30-day ranges (ranges ending today include the open hours, counted live), grouped
/// by day,offer and by partner,country, against the baseline (<see cref="ReportScan"/>: one GROUP BY over the range's
/// ledger ⋈ conversions, clicks and conversions, run by this tool on the same database). Every answer of both sides
/// is checked against the scan's answer for its range, computed before: the same number of rows, the same totals.
/// </summary>
public static class ReportsPhase
{
    private const int RangeDays = 30;
    /// <summary>The demo writes 60 days back from its run; clicks come up to 35 hours before their first conversion.</summary>
    private const int WholeRangeDays = 64;
    private const int WarmSamples = 5;
    private static readonly int[] Connections = [1, 4, 16];
    private static readonly string[] Groupings = ["day,offer", "partner,country"];
    private static readonly byte[] RowKey = "\"clicks\":"u8.ToArray();
    private static readonly byte[] TotalsKey = "\"totals\":"u8.ToArray();

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string ReportPath(string groupBy, DateOnly from, DateOnly to) =>
        $"/admin/reports?group_by={groupBy}&from_date={Day(from)}&to_date={Day(to)}&time_zone=UTC";

    public static async Task RunAsync(BenchContext c, string phase, CancellationToken ct)
    {
        var o = c.Options;
        var t = c.Table;
        await using var scan = new ReportScan(o.Engine, o.Db);
        using var http = Http.Client(o.Url, Connections.Max());
        http.DefaultRequestHeaders.Authorization = new("Bearer", o.AdminToken);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        long failures = 0, baselineFailures = 0;

        // 1. The whole range by offer: cold (the rollups are added up and stored), then warm, then the scan.
        var first = today.AddDays(-WholeRangeDays);
        var whole = await scan.RunAsync("offer", first, today, ct);
        var ledgerRows = await InsertBaseline.ScalarAsync(o.Engine, o.Db, "SELECT count(*) FROM ledger", new Dictionary<string, object>(), ct);
        if (whole.Approved + whole.Reversals != ledgerRows)
            throw new BenchSetupException(
                $"{Day(first)} … {Day(today)} holds {whole.Approved + whole.Reversals} of the ledger's {ledgerRows} rows: was it filled by `demo` today?");
        var stored = await InsertBaseline.ScalarAsync(o.Engine, o.Db, "SELECT count(*) FROM report_coverage", new Dictionary<string, object>(), ct);
        if (stored > 0)
        {
            // An earlier run asked for reports: forget the stored hours, as a bulk load does, so the first report is cold again.
            Console.WriteLine($"  {stored} hours were stored by an earlier report: forgotten, so that the first one is cold");
            await InsertBaseline.ScalarAsync(o.Engine, o.Db, "DELETE FROM report_hours", new Dictionary<string, object>(), ct);
            await InsertBaseline.ScalarAsync(o.Engine, o.Db, "DELETE FROM report_coverage", new Dictionary<string, object>(), ct);
        }
        var body = new BodyBuffer();
        var wholePath = ReportPath("offer", first, today);
        var cold = await TimedAsync(() => CheckAsync(http, wholePath, whole, body, ct));
        if (cold.Failure is not null) throw new BenchSetupException($"GET {wholePath}: {cold.Failure}");
        var hours = await InsertBaseline.ScalarAsync(o.Engine, o.Db, "SELECT count(*) FROM report_coverage", new Dictionary<string, object>(), ct);
        var rollupRows = await InsertBaseline.ScalarAsync(o.Engine, o.Db, "SELECT count(*) FROM report_hours", new Dictionary<string, object>(), ct);
        Console.WriteLine($"  whole range {Day(first)} … {Day(today)} by offer: {whole}; first report {Fmt.Ms(cold.Ms)} ms, " +
                          $"storing {Fmt.Int(hours)} hours in {Fmt.Int(rollupRows)} rollup rows");
        var warm = new List<double>();
        var scans = new List<double>();
        for (var i = 0; i < WarmSamples; i++)
        {
            var again = await TimedAsync(() => CheckAsync(http, wholePath, whole, body, ct));
            if (again.Failure is not null && ++failures <= 5) Console.WriteLine($"    failure {wholePath}: {again.Failure}");
            else warm.Add(again.Ms);
            var direct = await TimedAsync(async () => Compare(await scan.RunAsync("offer", first, today, ct), whole));
            if (direct.Failure is not null && ++baselineFailures <= 5) Console.WriteLine($"    failure scan: {direct.Failure}");
            else scans.Add(direct.Ms);
        }
        var (warmMs, scanMs) = (Stats.Median(warm), Stats.Median(scans));
        Console.WriteLine($"  the same again: {Fmt.Ms(warmMs)} ms (median of {warm.Count}); the scan: {Fmt.Ms(scanMs)} ms");
        var range = $"{Day(first)} … {Day(today)}, {WholeRangeDays + 1} days";
        t.Add(phase, $"demo data in {range}: ledger rows / clicks (exact totals)", $"{Fmt.Int(whole.Approved + whole.Reversals)} / {Fmt.Int(whole.Clicks)}");
        t.Add(phase, $"first report of {range} by offer, cold: stores {Fmt.Int(hours)} hours, {Fmt.Int(rollupRows)} rollup rows (ms)",
            Fmt.Ms(cold.Ms), Fmt.Ms(scanMs), Fmt.Ratio(scanMs / cold.Ms));
        t.Add(phase, $"  the same report again, warm (ms, median of {warm.Count})", Fmt.Ms(warmMs), Fmt.Ms(scanMs), Fmt.Ratio(scanMs / warmMs));

        // 2. Random 30-day ranges: each one's answer from the scan first, then reports/s against scans/s.
        var starts = Enumerable.Range(0, WholeRangeDays - RangeDays + 2).Select(i => first.AddDays(i)).ToArray();
        foreach (var groupBy in Groupings)
        {
            var expected = new ReportAnswer[starts.Length];
            for (var i = 0; i < starts.Length; i++) expected[i] = await scan.RunAsync(groupBy, starts[i], starts[i].AddDays(RangeDays - 1), ct);
            var rows = expected.Select(e => (double)e.Rows).ToArray();
            Console.WriteLine($"  {groupBy}: {starts.Length} ranges of {RangeDays} days, {Fmt.Int(rows.Min())} to {Fmt.Int(rows.Max())} rows each");
            foreach (var connections in Connections)
            {
                var (ours, theirs, f, bf) = await Load.CompareAsync(o, connections, "reports", _ =>
                {
                    var buffer = new BodyBuffer();
                    return async token =>
                    {
                        var i = Random.Shared.Next(starts.Length);
                        return await CheckAsync(http, ReportPath(groupBy, starts[i], starts[i].AddDays(RangeDays - 1)), expected[i], buffer, token);
                    };
                }, _ =>
                {
                    var query = scan.Worker();
                    return async token =>
                    {
                        var i = Random.Shared.Next(starts.Length);
                        return Compare(await query(groupBy, starts[i], starts[i].AddDays(RangeDays - 1), token), expected[i]);
                    };
                }, ct);
                failures += f;
                baselineFailures += bf;
                var ratio = ours.MedianRate / theirs.MedianRate;
                t.Add(phase, $"reports/s, {groupBy}, random {RangeDays}-day ranges, {connections} conn. (median of {ours.Count})",
                    Fmt.Int(ours.MedianRate), Fmt.Int(theirs.MedianRate), Fmt.Ratio(ratio));
                t.Add(phase, "  their latency p50 / p99 (ms)", $"{Fmt.Ms(ours.Percentile(0.5))} / {Fmt.Ms(ours.Percentile(0.99))}",
                    $"{Fmt.Ms(theirs.Percentile(0.5))} / {Fmt.Ms(theirs.Percentile(0.99))}");
            }
        }
        t.AddFailures(phase, failures, baselineFailures);
    }

    private static async Task<(double Ms, string? Failure)> TimedAsync(Func<Task<string?>> work)
    {
        var started = Stopwatch.GetTimestamp();
        var failure = await work();
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, failure);
    }

    /// <summary>Null when the report answers 200 with the expected number of rows and the expected totals.</summary>
    private static async Task<string?> CheckAsync(HttpClient http, string path, ReportAnswer expected, BodyBuffer body, CancellationToken ct)
    {
        var status = await Http.GetAsync(http, path, body, ct);
        if (status != HttpStatusCode.OK) return Http.Failure(status, body);
        var at = body.Span.LastIndexOf(TotalsKey);
        if (at < 0) return "200 without totals";
        // Every row has "clicks", and so do the totals.
        var rows = Http.Count(body.Span, RowKey) - 1;
        using var json = JsonDocument.Parse(body.Memory[(at + TotalsKey.Length)..^1]);
        var totals = json.RootElement;
        long Count(string name) => totals.GetProperty(name).GetInt64();
        long Micros(string name) => (long)(totals.GetProperty(name).GetDecimal() * 1_000_000m);
        return Compare(new ReportAnswer(rows, Count("clicks"), Count("approved"), Count("pending"), Count("cancelled"), Count("reversals"),
            Micros("revenue"), Micros("cost")), expected);
    }

    private static string? Compare(ReportAnswer actual, ReportAnswer expected) => actual == expected ? null : $"answered {actual}, where the scan says {expected}";
}
