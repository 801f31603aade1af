using System.Globalization;

namespace Offerwall.Bench;

/// <summary>The `run` command: every phase against one engine, each beside its baseline, into one table.</summary>
public static class BenchRun
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["wall"] = "wall", ["ingestion"] = "ingestion", ["durable"] = "durable ingestion",
        ["data"] = "data API", ["client"] = "client API", ["targeting"] = "targeting", ["deliveries"] = "deliveries", ["reports"] = "reports",
    };

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (!RunOptions.TryParse(args, out var parsed, out var error))
        {
            Console.Error.WriteLine($"{error}\n{RunOptions.Usage}");
            return 2;
        }
        var o = parsed!;
        var table = new ResultTable(o.Engine);
        await using var memory = new MemorySampler(o.ServerPid, o.BaselinePid);
        await using var sink = await Sink.StartAsync();
        var context = new BenchContext { Options = o, Sink = sink, Table = table };

        var database = await InsertBaseline.DescribeAsync(o.Engine, o.Db, ct);
        Console.WriteLine($"bench: {database}, {o.Url} (PID {o.ServerPid}), baseline {o.BaselineUrl}, sink {sink.Url}; " +
                          $"{o.Runs} runs of {o.Seconds} s after {o.Warmup} s of warm-up");
        table.Add("setup", "database", database);
        table.Add("setup", "demo data: ledger rows", Fmt.Int(o.Rows));
        if (o.FillSeconds is { } fill)
            table.Add("setup", "fill time: `demo --rows`, migration included (s)", fill.ToString("F1", CultureInfo.InvariantCulture));
        var idle = memory.ServerRssKb();

        var peaks = new List<PhaseMemory>();
        foreach (var phase in o.Phases)
        {
            var name = Names[phase];
            Console.WriteLine($"== {name}");
            var sampling = memory.Begin(name);
            try
            {
                await (phase switch
                {
                    "wall" => WallPhase.RunAsync(context, name, ct),
                    "ingestion" => IngestionPhase.RunAsync(context, name, ct),
                    "durable" => DurablePhase.RunAsync(context, name, ct),
                    "data" => DataApiPhase.RunAsync(context, name, ct),
                    "client" => ClientApiPhase.RunAsync(context, name, ct),
                    "targeting" => TargetingPhase.RunAsync(context, name, ct),
                    "reports" => ReportsPhase.RunAsync(context, name, ct),
                    _ => DeliveryPhase.RunAsync(context, name, ct),
                });
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The phase cannot go on; the others still can, and the table says which figures are missing.
                table.Fail(name, $"stopped: {e.GetType().Name}: {e.Message}");
            }
            peaks.Add(sampling.End());
            if (!memory.ServerAlive)
            {
                table.Fail(name, "the server process exited");
                break;
            }
            if (ct.IsCancellationRequested) break;
        }

        const long goalKb = 300 * 1024;
        table.Add("memory", "server RSS at start (idle, MB)", idle is { } kb ? Fmt.Mb(kb) : "—");
        foreach (var peak in peaks)
            table.Add("memory", $"peak RSS during {peak.Phase} (MB)", Fmt.Mb(peak.ServerPeakKb),
                peak.Phase is "data API" or "client API" or "targeting" or "wall" && peak.BaselinePeakKb is { } b ? Fmt.Mb(b) : "",
                "", "≤ 300 MB", Fmt.Met(peak.ServerPeakKb <= goalKb));
        if (ct.IsCancellationRequested) table.Fail("run", "interrupted");

        if (o.ResultsFile is { } path)
            table.Save(path);
        else
            Console.WriteLine(ResultTable.Format([table]));
        return table.Failures.Count == 0 ? 0 : 1;
    }
}
