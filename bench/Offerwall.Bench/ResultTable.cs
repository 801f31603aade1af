using System.Text;
using System.Text.Json;

namespace Offerwall.Bench;

/// <summary>One line of the final table. Empty cells print as "—".</summary>
public sealed record ResultRow(string Engine, string Phase, string Measure, string Offerwall, string Baseline, string Ratio, string Goal, string Met);

/// <summary>
/// What one run measured: the table rows and the failures. A failure is the tool's own verdict that a
/// figure is not to be trusted (an error answer, a wrong page, a setup step refused); a goal not met is
/// not one, the table just says "no".
/// </summary>
public sealed class ResultTable(string engine)
{
    public string Engine { get; init; } = engine;
    public List<ResultRow> Rows { get; init; } = [];
    public List<string> Failures { get; init; } = [];

    public void Add(string phase, string measure, string offerwall, string baseline = "", string ratio = "", string goal = "", string met = "") =>
        Rows.Add(new ResultRow(Engine, phase, measure, offerwall, baseline, ratio, goal, met));

    /// <summary>A "failed requests" row for the phase, and the failure noted when there were any.</summary>
    public void AddFailures(string phase, long offerwall, long? baseline, string measure = "failed requests")
    {
        var total = offerwall + (baseline ?? 0);
        Add(phase, measure, Fmt.Int(offerwall), baseline is { } b ? Fmt.Int(b) : "", "", "0", total == 0 ? "yes" : "FAIL");
        if (total > 0) Fail(phase, $"{Fmt.Int(total)} {measure.Trim()} (see the log above)");
    }

    public void Fail(string phase, string what)
    {
        Failures.Add($"{Engine} {phase}: {what}");
        Console.WriteLine($"FAILURE ({phase}): {what}");
    }

    private static readonly JsonSerializerOptions FileJson = new() { WriteIndented = true };

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, FileJson));

    public static ResultTable Load(string path) =>
        JsonSerializer.Deserialize<ResultTable>(File.ReadAllText(path), FileJson) ?? throw new InvalidDataException($"{path} holds no results.");

    private static readonly string[] Header = ["engine", "phase", "measure", "offerwall", "baseline", "ratio", "goal", "met?"];

    /// <summary>A Markdown table, padded so it also reads as plain text.</summary>
    public static string Format(IEnumerable<ResultTable> tables)
    {
        var rows = tables.SelectMany(t => t.Rows)
            .Select(r => new[] { r.Engine, r.Phase, r.Measure, r.Offerwall, r.Baseline, r.Ratio, r.Goal, r.Met }
                .Select(c => string.IsNullOrEmpty(c) ? "—" : c).ToArray())
            .ToList();
        var widths = Header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        // Numbers right-aligned, so their digits line up.
        bool[] right = [false, false, false, true, true, true, false, false];

        var sb = new StringBuilder();
        void Line(string[] cells) => sb.Append("| ")
            .AppendJoin(" | ", cells.Select((c, i) => right[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).Append(" |\n");
        Line(Header);
        sb.Append('|').AppendJoin('|', widths.Select((w, i) => right[i] ? new string('-', w + 1) + ":" : new string('-', w + 2))).Append("|\n");
        string? previous = null;
        foreach (var row in rows)
        {
            // The engine and phase are written once per group: the table is long and the eye needs the breaks.
            var group = row[0] + "\n" + row[1];
            Line(group == previous ? row.Select((c, i) => i < 2 ? "" : c).ToArray() : row);
            previous = group;
        }
        return sb.ToString();
    }

    /// <summary>The <c>report</c> command: every results file as one table; 1 when any run had failures.</summary>
    public static int Report(string[] paths)
    {
        if (paths.Length == 0)
        {
            Console.Error.WriteLine("report: name at least one results file.");
            return 2;
        }
        var tables = paths.Select(Load).ToList();
        Console.WriteLine(Format(tables));
        var failures = tables.SelectMany(t => t.Failures).ToList();
        if (failures.Count == 0)
        {
            Console.WriteLine("Failures: none (every request answered as expected, every page had its rows).");
            return 0;
        }
        Console.WriteLine($"Failures ({failures.Count}): the figures next to them are not to be trusted.");
        foreach (var f in failures) Console.WriteLine($"  - {f}");
        return 1;
    }
}
