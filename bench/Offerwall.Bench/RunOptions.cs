namespace Offerwall.Bench;

/// <summary>The options of the <c>run</c> command: where the server, its database and the baseline server are, and how long to load them.</summary>
public sealed record RunOptions(
    Uri Url, string AdminToken, int ServerPid, Uri BaselineUrl, int? BaselinePid,
    string Engine, string Db, long Rows, double? FillSeconds,
    int Seconds, int Runs, int Warmup, int Clicks,
    int IngestConcurrency, int PageConcurrency, int ClientConcurrency, int Deliveries, int Samples,
    IReadOnlyList<string> Phases, string? ResultsFile)
{
    /// <summary>The fraud rules the ingestion phase's third offer has (--fraud-rules; default every rule, <see cref="FraudFixture.Rules"/>).</summary>
    public IReadOnlyList<string> FraudRules { get; init; } = [.. FraudFixture.Rules.Select(r => r.Rule)];

    // The wall first: phases after it import offers, and it measures the demo's 50-offer wall.
    public static readonly string[] AllPhases = ["wall", "ingestion", "durable", "data", "client", "targeting", "deliveries", "reports"];

    public const string Usage = """
        Usage:
          Offerwall.Bench run --url http://127.0.0.1:PORT --admin-token TOKEN --server-pid PID
                              --baseline-url http://127.0.0.1:PORT2 [--baseline-pid PID2]
                              --engine postgres|sqlite --db CONNECTION_STRING
                              [--rows N] [--fill-seconds S] [--results FILE.json]
                              [--seconds 5] [--runs 3] [--warmup 5] [--clicks 1000]
                              [--ingest-concurrency 32] [--page-concurrency 16] [--client-concurrency 32]
                              [--deliveries 10000] [--samples 20] [--phases wall,ingestion,durable,data,client,targeting,deliveries,reports]
                              [--fraud-rules all|RULE,RULE...]
              Measures a running, throwaway server (filled by `Offerwall.dll demo`) against baselines
              measured in the same run, and prints one table (or writes it to --results for `report`).
          Offerwall.Bench baseline-server --port PORT
              The baseline: minimal Kestrel on 127.0.0.1 serving /page (a 1,000-row Data API page,
              serialized on every request), /1kb (a fixed 1 KB JSON document) and /captured (the bytes
              last PUT there: one real answer of the server, stored by the wall phase).
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
        var fraudRuleList = a.Text("fraud-rules") ?? "all";
        var fraudRules = fraudRuleList == "all" ? FraudFixture.Rules.Select(r => r.Rule).ToArray()
            : fraudRuleList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fraudRules.Length == 0) a.Fail("--fraud-rules must name at least one rule, or all.");
        if (fraudRules.FirstOrDefault(r => FraudFixture.Rules.All(known => known.Rule != r)) is { } unknownRule)
            a.Fail($"Unknown fraud rule '{unknownRule}' (rules: {string.Join(", ", FraudFixture.Rules.Select(r => r.Rule))}).");
        if (a.Finish() is { } problem)
        {
            error = problem;
            return false;
        }
        options = new RunOptions(url!, token!, serverPid, baselineUrl!, baselinePid, engine!, db!, rows, fill,
            seconds, runs, warmup, clicks, ingest, pages, client, deliveries, samples, phases, results) { FraudRules = fraudRules };
        error = null;
        return true;
    }
}
