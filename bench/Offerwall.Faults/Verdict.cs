namespace Offerwall.Faults;

/// <summary>The checks of one scenario and its figures; PASS only if every check holds.</summary>
public sealed class Verdict(string scenario)
{
    private readonly List<(string Name, bool Ok, string Detail)> _checks = [];

    public string Scenario { get; } = scenario;
    public List<string> Figures { get; } = [];
    public bool Passed => _checks.Count > 0 && _checks.All(c => c.Ok);
    public int Failed => _checks.Count(c => !c.Ok);

    public void Check(string name, bool ok, string detail = "")
    {
        _checks.Add((name, ok, detail));
        Console.WriteLine($"  {(ok ? "ok  " : "FAIL")} {name}{(detail.Length > 0 ? $": {detail}" : "")}");
    }

    public void Figure(string text)
    {
        Figures.Add(text);
        Console.WriteLine($"{Scenario}: {text}");
    }

    public void Say(string text) => Console.WriteLine($"{Scenario}: {text}");

    public void Fail(string name, Exception e) => Check(name, false, $"{e.GetType().Name}: {e.Message}");

    public static string Examples<T>(IEnumerable<T> items, int max = 5)
    {
        var list = items.Take(max + 1).ToList();
        return list.Count == 0 ? "" : " e.g. " + string.Join("; ", list.Take(max)) + (list.Count > max ? "; …" : "");
    }

    /// <summary>The nearest-rank percentile (<paramref name="p"/> in [0, 1]) of a figure's values; 0 when there are none.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
