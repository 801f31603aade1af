using System.Globalization;
using System.Net;

namespace Offerwall.Bench;

/// <summary>The options of the <c>run</c> command: where the server, its database and the baseline server are, and how long to load them.</summary>
public sealed record RunOptions(
    Uri Url, string AdminToken, int ServerPid, Uri BaselineUrl, int? BaselinePid,
    string Engine, string Db, long Rows, double? FillSeconds,
    int Seconds, int Runs, int Warmup, int Clicks,
    int IngestConcurrency, int PageConcurrency, int ClientConcurrency, int Deliveries, int Samples,
    IReadOnlyList<string> Phases, string? ResultsFile)
{
    public static readonly string[] AllPhases = ["ingestion", "data", "client", "targeting", "deliveries"];

    public const string Usage = """
        Usage:
          Offerwall.Bench run --url http://127.0.0.1:PORT --admin-token TOKEN --server-pid PID
                              --baseline-url http://127.0.0.1:PORT2 [--baseline-pid PID2]
                              --engine postgres|sqlite --db CONNECTION_STRING
                              [--rows N] [--fill-seconds S] [--results FILE.json]
                              [--seconds 5] [--runs 3] [--warmup 5] [--clicks 1000]
                              [--ingest-concurrency 32] [--page-concurrency 16] [--client-concurrency 32]
                              [--deliveries 10000] [--samples 20] [--phases ingestion,data,client,targeting,deliveries]
              Measures a running, throwaway server (filled by `Offerwall.dll demo`) against baselines
              measured in the same run, and prints one table (or writes it to --results for `report`).
          Offerwall.Bench baseline-server --port PORT
              The baseline: minimal Kestrel on 127.0.0.1 serving /page (a 1,000-row Data API page,
              serialized on every request) and /1kb (a fixed 1 KB JSON document).
          Offerwall.Bench report FILE.json [FILE.json ...]
              Prints the results of one or more runs as one table; exits 1 if any run had failures.
          Offerwall.Bench country-db --out FILE.mmdb
              Writes a country database (MaxMind DB) in which loopback is US, for the server's
              Geo:CountryDatabase: the targeting phase's requests then come from a targeted country.
        scripts/bench runs all of this; see its header.
        """;

    public static bool TryParse(string[] args, out RunOptions? options, out string? error)
    {
        options = null;
        var a = new ArgReader(args);
        var url = a.LoopbackUrl("url");
        var token = a.Text("admin-token", required: true);
        var serverPid = a.Number("server-pid", 0, 1, int.MaxValue, required: true);
        var baselineUrl = a.LoopbackUrl("baseline-url");
        var baselinePid = a.Has("baseline-pid") ? a.Number("baseline-pid", 0, 1, int.MaxValue) : (int?)null;
        var engine = a.Text("engine", required: true);
        if (engine is not (null or "postgres" or "sqlite")) a.Fail("--engine must be postgres or sqlite.");
        var db = a.Text("db", required: true);
        var rows = a.Number("rows", 0, 0, int.MaxValue);
        double? fill = a.Has("fill-seconds") ? a.Decimal("fill-seconds", 0, 0, 1e6) : null;
        var seconds = a.Number("seconds", 5, 1, 600);
        var runs = a.Number("runs", 3, 1, 100);
        var warmup = a.Number("warmup", 5, 0, 120);
        var clicks = a.Number("clicks", 1000, 1, 100_000);
        var ingest = a.Number("ingest-concurrency", 32, 1, 1024);
        var pages = a.Number("page-concurrency", 16, 1, 1024);
        var client = a.Number("client-concurrency", 32, 1, 1024);
        var deliveries = a.Number("deliveries", 10_000, 1, 1_000_000);
        var samples = a.Number("samples", 20, 1, 10_000);
        var phases = (a.Text("phases") ?? string.Join(',', AllPhases)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (phases.FirstOrDefault(p => !AllPhases.Contains(p)) is { } unknownPhase)
            a.Fail($"Unknown phase '{unknownPhase}' (phases: {string.Join(", ", AllPhases)}).");
        var results = a.Text("results");
        if (a.Finish() is { } problem)
        {
            error = problem;
            return false;
        }
        options = new RunOptions(url!, token!, serverPid, baselineUrl!, baselinePid, engine!, db!, rows, fill,
            seconds, runs, warmup, clicks, ingest, pages, client, deliveries, samples, phases, results);
        error = null;
        return true;
    }
}

/// <summary>
/// Reads "--name value" pairs. Every getter records its problem instead of throwing, so one run
/// reports every bad option at once; an option nobody asked for is an error too (a typo must not be
/// silently ignored by a tool whose figures people quote).
/// </summary>
public sealed class ArgReader
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    public ArgReader(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                _errors.Add($"Expected '--name value', got '{args[i]}'.");
                return;
            }
            _values[args[i][2..]] = args[++i];
        }
    }

    public void Fail(string message) => _errors.Add(message);

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Text(string name, bool required = false)
    {
        _read.Add(name);
        if (_values.TryGetValue(name, out var value) && value.Length > 0) return value;
        if (required) Fail($"--{name} is required.");
        return null;
    }

    public int Number(string name, int fallback, int min, int max, bool required = false)
    {
        if (Text(name, required) is not { } text) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        Fail($"--{name} must be a whole number from {min} to {max}.");
        return fallback;
    }

    public double Decimal(string name, double fallback, double min, double max)
    {
        if (Text(name) is not { } text) return fallback;
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        Fail($"--{name} must be a number from {min} to {max}.");
        return fallback;
    }

    /// <summary>An http:// URL on a loopback address: a load tool must not be pointed at someone else's server by mistake.</summary>
    public Uri? LoopbackUrl(string name)
    {
        if (Text(name, required: true) is not { } text) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != "http")
        {
            Fail($"--{name} must be an http:// URL.");
            return null;
        }
        if (!url.IsLoopback || (IPAddress.TryParse(url.Host, out var ip) && !IPAddress.IsLoopback(ip)))
        {
            Fail($"--{name} must be a loopback address (127.0.0.1).");
            return null;
        }
        return new Uri(url.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>The first problem, or null when every option was valid and known.</summary>
    public string? Finish()
    {
        if (_values.Keys.FirstOrDefault(k => !_read.Contains(k)) is { } unknown)
            _errors.Add($"Unknown option --{unknown}.");
        return _errors.Count == 0 ? null : string.Join("\n", _errors);
    }
}
