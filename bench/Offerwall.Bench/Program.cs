using Offerwall.Bench;

// Commands: run (measure a server against its baselines), baseline-server, report, country-db. scripts/bench drives them.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
switch (args.FirstOrDefault())
{
    case "run":
        return await BenchRun.RunAsync(args[1..], cancel.Token);
    case "baseline-server":
        return await BaselineServer.RunAsync(args[1..]);
    case "report":
        return ResultTable.Report(args[1..]);
    case "country-db":
        return TargetingPhase.CountryDatabase.Write(args[1..]);
    case "-h" or "--help":
        Console.WriteLine(RunOptions.Usage);
        return 0;
    default:
        Console.Error.WriteLine(args.Length == 0 ? RunOptions.Usage : $"Unknown command '{args[0]}'.\n{RunOptions.Usage}");
        return 2;
}
