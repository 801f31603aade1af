using System.Collections.Concurrent;
using System.Diagnostics;

namespace Offerwall.Bench;

/// <summary>One timed run: what succeeded, what failed, and the latency of every success.</summary>
public sealed record RunResult(long Ok, long Failures, TimeSpan Elapsed, double[] SortedLatenciesMs, IReadOnlyList<string> FailureSamples)
{
    public double PerSecond => Ok / Elapsed.TotalSeconds;

    public string Describe(string unit) =>
        $"{Fmt.Int(PerSecond)} {unit}/s ({Ok} in {Elapsed.TotalSeconds:F1} s), p50 {Fmt.Ms(Stats.Percentile(SortedLatenciesMs, 0.50))} ms, " +
        $"p99 {Fmt.Ms(Stats.Percentile(SortedLatenciesMs, 0.99))} ms, {Failures} failures";
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
