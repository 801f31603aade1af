using System.Globalization;

namespace Offerwall.PartnerApi;

/// <summary>An integer query parameter checked by Laravel's rules, in its words, as every /data/partner list reads page and per_page.</summary>
public static class LaravelInteger
{
    /// <summary>The value, or <paramref name="fallback"/> when absent; a bad one adds its error under <paramref name="field"/> and gives the fallback.</summary>
    public static int Parse(Dictionary<string, string[]> errors, string field, string label, string? text, int fallback, int min, int max)
    {
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            // Digits only but too large for an int is still an out-of-range integer.
            var digits = text.TrimStart('-');
            errors[field] = [digits.Length > 0 && digits.All(char.IsAsciiDigit) ? RangeMessage(label, min, max) : $"The {label} field must be an integer."];
            return fallback;
        }
        if (n < min || n > max)
            errors[field] = [RangeMessage(label, min, max)];
        return n;
    }

    private static string RangeMessage(string label, int min, int max) => max == int.MaxValue
        ? $"The {label} field must be at least {min}."
        : $"The {label} field must be between {min} and {max}.";
}
