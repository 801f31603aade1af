using System.Diagnostics;
using Offerwall.Faults;

// `Offerwall.Faults [crash|outage|two-nodes|fairness|caps|all] --server-dll … --postgres … [--long] [--seed N]`; run through scripts/faults.
if (args is ["-h" or "--help", ..])
{
    Console.WriteLine(FaultOptions.Usage);
    return 0;
}
if (!FaultOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine($"{error}\n{FaultOptions.Usage}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var o = options!;
Console.WriteLine($"faults: {(o.Long ? "long" : "short")} run of {string.Join(", ", o.Scenarios)}, seed {o.Seed}; retry ladder " +
                  $"{string.Join(", ", o.Ladder.Select(t => $"{t.TotalSeconds:0.###} s"))} (±{o.Jitter:P0}), timeout {o.Timeout.TotalSeconds:0.###} s, " +
                  $"lease {o.Lease.TotalSeconds:0.###} s; logs in {o.WorkDir}");
var verdicts = new List<(Verdict Verdict, TimeSpan Took)>();
foreach (var scenario in o.Scenarios)
{
    var started = Stopwatch.GetTimestamp();
    Verdict verdict;
    try
    {
        verdict = scenario switch
        {
            "crash" => await CrashScenario.RunAsync(o, cancel.Token),
            "sigterm" => await CrashScenario.RunAsync(o, cancel.Token, graceful: true),
            "outage" => await OutageScenario.RunAsync(o, cancel.Token),
            "two-nodes" => await TwoNodeScenario.RunAsync(o, cancel.Token),
            "fairness" => await FairnessScenario.RunAsync(o, cancel.Token),
            "caps" => await CapsScenario.RunAsync(o, cancel.Token),
            _ => throw new ArgumentException($"Unknown scenario '{scenario}'."),
        };
    }
    catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
    {
        verdict = new Verdict(scenario);
        verdict.Fail("the scenario ran to the end", e);
        Console.WriteLine(e);
    }
    var took = Stopwatch.GetElapsedTime(started);
    Console.WriteLine($"{scenario}: {(verdict.Passed ? "PASS" : "FAIL")} in {took.TotalSeconds:F0} s");
    verdicts.Add((verdict, took));
    if (cancel.IsCancellationRequested) break;
}

var passed = verdicts.Count == o.Scenarios.Count && verdicts.All(x => x.Verdict.Passed);
Console.WriteLine();
Console.WriteLine("Summary:");
foreach (var (verdict, took) in verdicts)
{
    Console.WriteLine($"  {verdict.Scenario} ({took.TotalSeconds:F0} s): {(verdict.Passed ? "PASS" : $"FAIL ({verdict.Failed} checks failed)")}");
    foreach (var figure in verdict.Figures) Console.WriteLine($"    {figure}");
}
Console.WriteLine($"faults: {(passed ? "PASS" : "FAIL")} (seed {o.Seed})");
return passed ? 0 : 1;
