namespace Offerwall.Bench;

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
