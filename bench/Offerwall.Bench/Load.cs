using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Offerwall.Bench;

/// <summary>One operation of a closed loop: null when it succeeded, else a short description of what went wrong.</summary>
public delegate ValueTask<string?> Operation(CancellationToken ct);

/// <summary>One timed run: what succeeded, what failed, and the latency of every success.</summary>
public sealed record RunResult(long Ok, long Failures, TimeSpan Elapsed, double[] SortedLatenciesMs, IReadOnlyList<string> FailureSamples)
{
    public double PerSecond => Ok / Elapsed.TotalSeconds;

    public string Describe(string unit) =>
        $"{Fmt.Int(PerSecond)} {unit}/s ({Ok} in {Elapsed.TotalSeconds:F1} s), p50 {Fmt.Ms(Stats.Percentile(SortedLatenciesMs, 0.50))} ms, " +
        $"p99 {Fmt.Ms(Stats.Percentile(SortedLatenciesMs, 0.99))} ms, {Failures} failures";
}

/// <summary>The measured runs of one side (offerwall or baseline) of a phase: the rate is the median run, latencies pool every run.</summary>
public sealed class Series
{
    private readonly List<RunResult> _runs = [];

    public void Add(RunResult run) => _runs.Add(run);

    public int Count => _runs.Count;
    public double MedianRate => Stats.Median(_runs.Select(r => r.PerSecond));

    /// <summary>CPU time the serving process spent over the measured runs (null when it cannot be read).</summary>
    public TimeSpan? Cpu { get; private set; } = TimeSpan.Zero;

    public void AddCpu(TimeSpan? cpu) => Cpu = Cpu + cpu;

    /// <summary>
    /// CPU milliseconds of the serving process per successful operation. Unlike a rate, it hardly moves when
    /// other work shares the machine, so it still compares the two sides on a busy one.
    /// </summary>
    public string CpuPerOperation => Cpu is { } cpu && _runs.Sum(r => r.Ok) is > 0 and var ok ? Fmt.Ms(cpu.TotalMilliseconds / ok) : "—";
    public string Rates => string.Join(", ", _runs.Select(r => Fmt.Int(r.PerSecond)));

    public double Percentile(double p)
    {
        var all = _runs.SelectMany(r => r.SortedLatenciesMs).ToArray();
        Array.Sort(all);
        return Stats.Percentile(all, p);
    }
}

public static class Load
{
    private const int KeptFailures = 5;

    /// <summary>
    /// <paramref name="concurrency"/> workers, each repeating its operation back to back until the time is up.
    /// Each worker starts on a thread of its own, so an operation that blocks (Microsoft.Data.Sqlite has
    /// no real async I/O) cannot starve the thread pool the HTTP workers and the sink need.
    /// </summary>
    public static async Task<RunResult> RunAsync(int concurrency, double seconds, Func<int, Operation> newWorker, CancellationToken ct)
    {
        var ok = 0L;
        var failures = 0L;
        var samples = new ConcurrentQueue<string>();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(seconds * Stopwatch.Frequency);

        var workers = Enumerable.Range(0, concurrency)
            .Select(i => Task.Factory.StartNew(() => WorkAsync(newWorker(i)), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())
            .ToArray();
        var perWorker = await Task.WhenAll(workers);
        // Operations in flight at the deadline finish and count, so the time runs until the last one is back.
        var elapsed = Stopwatch.GetElapsedTime(started);
        var all = perWorker.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new RunResult(ok, failures, elapsed, all, samples.ToArray());

        async Task<List<double>> WorkAsync(Operation operation)
        {
            var latencies = new List<double>(capacity: 4096);
            while (Stopwatch.GetTimestamp() < deadline && !ct.IsCancellationRequested)
            {
                var sent = Stopwatch.GetTimestamp();
                string? failure;
                try
                {
                    failure = await operation(ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    failure = $"{e.GetType().Name}: {e.Message}";
                }
                var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                if (failure is null)
                {
                    latencies.Add(ms);
                    Interlocked.Increment(ref ok);
                }
                else if (Interlocked.Increment(ref failures) <= KeptFailures)
                {
                    samples.Enqueue(Shorten(failure));
                }
            }
            return latencies;
        }
    }

    /// <summary>The measured runs of the server and of its baseline, with the failures of every run (warm-up included).</summary>
    public sealed record Comparison(Series Ours, Series Theirs, long Failures, long BaselineFailures);

    /// <summary>
    /// A warm-up, then <see cref="RunOptions.Runs"/> measured runs, each of the server then of the baseline
    /// (alternating, so a noisy stretch of the machine hits both), with each process's CPU time.
    /// </summary>
    public static async Task<Comparison> CompareAsync(RunOptions o, int concurrency, string unit,
        Func<int, Operation> ours, Func<int, Operation> theirs, CancellationToken ct)
    {
        var mine = new Series();
        var baseline = new Series();
        long failures = 0, baselineFailures = 0;
        for (var run = 0; run <= o.Runs && !ct.IsCancellationRequested; run++)
        {
            // Run 0 is the warm-up, not reported: until tiered JIT has optimised the hot path, a run measures the JIT.
            var seconds = run == 0 ? o.Warmup : o.Seconds;
            if (seconds == 0) continue;
            var label = run == 0 ? "warm-up" : $"run {run}";
            var cpu = Cpu.Of(o.ServerPid);
            var a = await RunAsync(concurrency, seconds, ours, ct);
            cpu = Cpu.Since(o.ServerPid, cpu);
            failures += a.Failures;
            Print($"offerwall {label}", a, unit);
            var baselineCpu = Cpu.Of(o.BaselinePid);
            var b = await RunAsync(concurrency, seconds, theirs, ct);
            baselineCpu = Cpu.Since(o.BaselinePid, baselineCpu);
            baselineFailures += b.Failures;
            Print($"baseline  {label}", b, unit);
            if (run == 0) continue;
            mine.Add(a);
            mine.AddCpu(cpu);
            baseline.Add(b);
            baseline.AddCpu(baselineCpu);
        }
        return new Comparison(mine, baseline, failures, baselineFailures);
    }

    public static void Print(string label, RunResult result, string unit)
    {
        Console.WriteLine($"  {label}: {result.Describe(unit)}");
        foreach (var failure in result.FailureSamples)
            Console.WriteLine($"    failure {failure}");
    }

    public static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>CPU time (user + system) a process has used so far: /proc/PID/stat, read by .NET.</summary>
public static class Cpu
{
    public static TimeSpan? Of(int? pid)
    {
        if (pid is not { } id) return null;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(id);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public static TimeSpan? Since(int? pid, TimeSpan? before) => Of(pid) - before;
}

public static class Stats
{
    /// <summary>Nearest-rank percentile of sorted values (NaN when there are none).</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>How figures look in the table: invariant culture, thousands separated.</summary>
public static class Fmt
{
    public static string Int(double v) => double.IsFinite(v) ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";
    public static string Ms(double v) => !double.IsFinite(v) ? "—" : v.ToString(v < 10 ? "F2" : v < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);
    public static string Ratio(double v) => double.IsFinite(v) ? v.ToString(v >= 0.1 ? "F2" : "F3", CultureInfo.InvariantCulture) : "—";
    // Rounded up, so a figure shown as 300 never fails a "≤ 300 MB" goal.
    public static string Mb(long kb) => Math.Ceiling(kb / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
    public static string Met(bool met) => met ? "yes" : "no";
}
