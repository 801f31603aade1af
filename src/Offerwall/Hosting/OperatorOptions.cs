using System.CommandLine;
using System.Globalization;
using Offerwall.Web;

namespace Offerwall.Hosting;

/// <summary>
/// The options' parsers: invariant culture whatever the operator's locale (so "0.5" is never five),
/// and a message that names the option and the value, reported as bad input (exit 2).
/// </summary>
internal static class OperatorOptions
{
    private delegate bool TryParse<T>(string text, out T value);

    public static Option<string> Text(string name, string description, bool required = false) =>
        new(name) { Description = description, Required = required };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<long> Id(string name, string description) =>
        Parsed<long>(name, description, "a whole number", TryId, required: true);

    public static Option<long?> OptionalId(string name, string description) =>
        Optional<long>(name, description, "a whole number", TryId);

    public static Option<decimal> Number(string name, string description, decimal? byDefault = null)
    {
        var option = Parsed<decimal>(name, description, "a number such as 0.5", TryNumber, required: byDefault is null);
        if (byDefault is { } value) option.DefaultValueFactory = _ => value;
        return option;
    }

    public static Option<int> Count(string name, string description, int min, int max, int byDefault)
    {
        var option = Parsed<int>(name, description, $"a whole number from {min} to {max}",
            (string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max,
            required: false);
        option.DefaultValueFactory = _ => byDefault;
        return option;
    }

    /// <summary>An ISO 8601 instant; without an offset it is UTC (never the machine's zone).</summary>
    public static Option<DateTime> Instant(string name, string description) =>
        Parsed<DateTime>(name, description, "an ISO 8601 date and time such as 2026-12-01T00:00:00Z", (string text, out DateTime value) =>
        {
            value = default;
            return text.Length >= 10 && text[4] == '-' && text[7] == '-' && char.IsAsciiDigit(text[0]) &&
                DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        }, required: true);

    /// <summary>A calendar day, YYYY-MM-DD, in the years the Eastern-time conversions handle.</summary>
    public static Option<DateOnly?> Day(string name, string description) =>
        Optional<DateOnly>(name, description, "a day written YYYY-MM-DD", (string text, out DateOnly day) => EasternTime.TryParseDay(text, out day));

    private static bool TryId(string text, out long value) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static Option<T> Parsed<T>(string name, string description, string expected, TryParse<T> parse, bool required) => new(name)
    {
        Description = description,
        Required = required,
        CustomParser = argument =>
        {
            var text = argument.Tokens.Count == 1 ? argument.Tokens[0].Value : "";
            if (parse(text, out var value)) return value;
            argument.AddError($"{name} must be {expected}, not '{text}'.");
            return default!;
        },
    };

    private static Option<T?> Optional<T>(string name, string description, string expected, TryParse<T> parse) where T : struct =>
        Parsed<T?>(name, description, expected, (string text, out T? value) =>
        {
            var ok = parse(text, out var parsed);
            value = ok ? parsed : null;
            return ok;
        }, required: false);
}
