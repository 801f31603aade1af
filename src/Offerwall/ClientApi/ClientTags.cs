using System.Globalization;

namespace Offerwall.ClientApi;

/// <summary>
/// BitLabs' <c>tags</c>: a URL-encoded query of key=value pairs passed back in callbacks ("Max 10 pairs with both key and value up to 50
/// characters long. Keys and values are trimmed and lower-cased. Keys can only contain alphanumeric characters and underscores. Values can
/// contain any characters": https://docs.bitlabs.ai/operation/operation-getoffersv2). Checked here for the offer list, which carries
/// them on each <c>click_url</c> in their normalized form (<see cref="Format"/>).
/// </summary>
public static class ClientTags
{
    public const int MaxPairs = 10;
    public const int MaxLength = 50;

    /// <summary>The pairs, in order; empty for no tags; false with the error for a 400.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<KeyValuePair<string, string>> tags, out string? error)
    {
        tags = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            string key, value;
            try
            {
                key = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' ')).Trim().ToLower(CultureInfo.InvariantCulture);
                value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' ')).Trim().ToLower(CultureInfo.InvariantCulture);
            }
            catch (UriFormatException)
            {
                error = "tags must be a URL-encoded query";
                return false;
            }
            if (key.Length is 0 or > MaxLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                error = $"tags keys must be 1 to {MaxLength} letters, digits or underscores";
                return false;
            }
            if (value.Length > MaxLength || value.Any(char.IsControl))
            {
                error = $"tags values must be at most {MaxLength} printable characters";
                return false;
            }
            if (pairs.Any(p => p.Key == key))
            {
                error = $"tags key {key} is repeated";
                return false;
            }
            pairs.Add(new(key, value));
        }
        if (pairs.Count > MaxPairs)
        {
            error = $"tags take at most {MaxPairs} pairs";
            return false;
        }
        tags = pairs;
        return true;
    }

    /// <summary>The pairs as one URL-encoded query (key=value&amp;…), as <see cref="TryParse"/> reads it back.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> tags) =>
        string.Join('&', tags.Select(t => Uri.EscapeDataString(t.Key) + "=" + Uri.EscapeDataString(t.Value)));
}
