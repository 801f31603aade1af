using System.Globalization;
using System.Net;

namespace Offerwall.Bench;

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
