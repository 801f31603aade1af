using System.Globalization;
using System.Net;

namespace Offerwall.Bench;

/// <summary>The options of the <c>postbacks</c> scenario.</summary>
public sealed record BenchOptions(Uri Url, string AdminToken, int Clicks, int Concurrency, int Seconds, int Runs, int WarmupSeconds)
{
    public const string Usage = """
        Usage: Offerwall.Bench postbacks --url http://127.0.0.1:PORT --admin-token TOKEN
                 [--clicks 2000] [--concurrency 32] [--seconds 10] [--runs 3] [--warmup 10]
        Measures advertiser conversion postbacks accepted per second by a running server.
        The server must be a throwaway one: the scenario creates an advertiser, an offer, a partner and clicks in it.
        """;

    public static bool TryParse(string[] args, out BenchOptions? options, out string? error)
    {
        options = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = $"Expected '--name value', got '{args[i]}'.";
                return false;
            }
            values[args[i][2..]] = args[++i];
        }
        string[] known = ["url", "admin-token", "clicks", "concurrency", "seconds", "runs", "warmup"];
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            error = $"Unknown option --{unknown}.";
            return false;
        }

        if (!values.TryGetValue("url", out var urlText) || !Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme != "http")
        {
            error = "--url must be an http:// URL.";
            return false;
        }
        // A load tool must not be pointed at someone else's server by mistake.
        if (!url.IsLoopback || (IPAddress.TryParse(url.Host, out var ip) && !IPAddress.IsLoopback(ip)))
        {
            error = "--url must be a loopback address (127.0.0.1).";
            return false;
        }
        if (!values.TryGetValue("admin-token", out var token) || token.Length == 0)
        {
            error = "--admin-token is required.";
            return false;
        }

        int Number(string name, int fallback, int min, int max, ref string? problem)
        {
            if (!values.TryGetValue(name, out var text)) return fallback;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
            problem ??= $"--{name} must be a whole number from {min} to {max}.";
            return fallback;
        }
        string? bad = null;
        var clicks = Number("clicks", 2000, 1, 100_000, ref bad);
        var concurrency = Number("concurrency", 32, 1, 1024, ref bad);
        var seconds = Number("seconds", 10, 1, 600, ref bad);
        var runs = Number("runs", 3, 1, 100, ref bad);
        var warmup = Number("warmup", 10, 0, 60, ref bad);
        if (bad is not null)
        {
            error = bad;
            return false;
        }

        options = new BenchOptions(new Uri(url.GetLeftPart(UriPartial.Authority)), token, clicks, concurrency, seconds, runs, warmup);
        error = null;
        return true;
    }
}
