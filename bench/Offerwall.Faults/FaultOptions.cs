using System.Globalization;
using System.Net;
using Npgsql;

namespace Offerwall.Faults;

/// <summary>
/// The command line, plus the server settings the tool reads from its own environment: scripts/faults
/// exports them once, the server processes the tool starts inherit them, and the checks (the retry
/// ladder, the lease) use the very same values.
/// </summary>
public sealed record FaultOptions(
    IReadOnlyList<string> Scenarios, string ServerDll, string Postgres, bool Long, int Seed, string WorkDir,
    string AdminToken, IReadOnlyList<TimeSpan> Ladder, double Jitter, TimeSpan Timeout, TimeSpan Lease, TimeSpan PollInterval,
    int BatchSize, int Concurrency, int? PartnerConcurrency)
{
    public static readonly string[] AllScenarios = ["crash", "sigterm", "outage", "two-nodes", "fairness", "caps"];

    public Sizes Sizes => Long ? Sizes.Long : Sizes.Short;

    public const string Usage = """
        Usage: Offerwall.Faults [crash|sigterm|outage|two-nodes|fairness|caps|all] --server-dll PATH/Offerwall.dll --postgres CONNECTION_STRING
                 [--long] [--seed N] [--work DIR]
        The fault suite: starts server processes (kill -9s and restarts them), plays the advertiser and the
        partner, and checks the ledger and the deliveries in PostgreSQL. Run it through scripts/faults, which
        starts a throwaway PostgreSQL and exports the server settings this tool also reads:
          Database__Provider=Postgres, Demo__Enabled=false, Admin__Token, Postbacks__AllowPrivateNetworks=true,
          Postbacks__RetryLadder__0.., Postbacks__Timeout, Postbacks__Lease (and optionally Postbacks__Jitter,
          Postbacks__PollInterval, Postbacks__BatchSize, Postbacks__Concurrency, Postbacks__PartnerConcurrency).
        --postgres names a maintenance database on 127.0.0.1; each scenario creates its own database there.
        """;

    public static bool TryParse(string[] args, out FaultOptions? options, out string? error)
    {
        options = null;
        error = null;
        var scenarios = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var isLong = false;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--long") { isLong = true; continue; }
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length) { error = $"{a} needs a value."; return false; }
                values[a[2..]] = args[++i];
                continue;
            }
            if (a == "all") scenarios.AddRange(AllScenarios);
            else if (AllScenarios.Contains(a)) scenarios.Add(a);
            else { error = $"Unknown scenario '{a}'."; return false; }
        }
        if (scenarios.Count == 0) scenarios.AddRange(AllScenarios);
        string[] known = ["server-dll", "postgres", "seed", "work"];
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown) { error = $"Unknown option --{unknown}."; return false; }

        if (!values.TryGetValue("server-dll", out var dll) || !File.Exists(dll)) { error = "--server-dll must name the server's Offerwall.dll."; return false; }
        if (!values.TryGetValue("postgres", out var pg)) { error = "--postgres is required."; return false; }
        try
        {
            var host = new NpgsqlConnectionStringBuilder(pg).Host ?? "";
            // The suite creates databases and kills processes: only ever against this machine.
            if (!(host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))))
            {
                error = "--postgres must point at 127.0.0.1.";
                return false;
            }
        }
        catch (ArgumentException e)
        {
            error = $"--postgres: {e.Message}";
            return false;
        }
        var seed = Random.Shared.Next(1, 1_000_000);
        if (values.TryGetValue("seed", out var seedText) && !int.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
        {
            error = "--seed must be a whole number.";
            return false;
        }
        var work = values.GetValueOrDefault("work") ?? Path.Combine(Path.GetTempPath(), $"offerwall-faults-{Environment.ProcessId}");
        Directory.CreateDirectory(work);

        string? Env(string name) => Environment.GetEnvironmentVariable(name);
        string[] required = ["Admin__Token", "Postbacks__RetryLadder__0", "Postbacks__Timeout", "Postbacks__Lease"];
        if (required.FirstOrDefault(n => string.IsNullOrEmpty(Env(n))) is { } missing) { error = $"{missing} is not set: run the suite through scripts/faults."; return false; }
        if (!string.Equals(Env("Database__Provider"), "Postgres", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Env("Postbacks__AllowPrivateNetworks"), "true", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Env("Demo__Enabled"), "false", StringComparison.OrdinalIgnoreCase))
        {
            error = "Database__Provider=Postgres, Postbacks__AllowPrivateNetworks=true and Demo__Enabled=false must be set: run the suite through scripts/faults.";
            return false;
        }
        var ladder = new List<TimeSpan>();
        for (var i = 0; Env($"Postbacks__RetryLadder__{i}") is { Length: > 0 } step; i++)
            ladder.Add(TimeSpan.Parse(step, CultureInfo.InvariantCulture));
        var jitter = Env("Postbacks__Jitter") is { Length: > 0 } j ? double.Parse(j, CultureInfo.InvariantCulture) : 0.1;
        var poll = Env("Postbacks__PollInterval") is { Length: > 0 } p ? TimeSpan.Parse(p, CultureInfo.InvariantCulture) : TimeSpan.FromSeconds(1);
        // The server's defaults (PostbackOptions) when not set.
        var batch = Env("Postbacks__BatchSize") is { Length: > 0 } b ? int.Parse(b, CultureInfo.InvariantCulture) : 250;
        var concurrency = Env("Postbacks__Concurrency") is { Length: > 0 } c ? int.Parse(c, CultureInfo.InvariantCulture) : 64;
        // Only reported (the fairness scenario): null when not set.
        int? partnerConcurrency = Env("Postbacks__PartnerConcurrency") is { Length: > 0 } pc ? int.Parse(pc, CultureInfo.InvariantCulture) : null;

        options = new FaultOptions(scenarios.Distinct().ToList(), Path.GetFullPath(dll), pg, isLong, seed, work, Env("Admin__Token")!, ladder, jitter,
            TimeSpan.Parse(Env("Postbacks__Timeout")!, CultureInfo.InvariantCulture), TimeSpan.Parse(Env("Postbacks__Lease")!, CultureInfo.InvariantCulture), poll,
            batch, concurrency, partnerConcurrency);
        return true;
    }
}
