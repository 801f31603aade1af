using System.Text;
using Offerwall.Data;

namespace Offerwall.Web;

/// <summary>
/// What a partner may attach to a start and get back in its postbacks, as BitLabs lets it: a <c>sub_id</c> (1 to 50 printable characters)
/// and <c>tags</c>, a URL-encoded query of up to 10 <c>key=value</c> pairs. Keys and values are trimmed and lower-cased; a key is 1 to 50
/// letters, digits or underscores, a value at most 50 characters of any printable kind. <see cref="Tags"/> keeps them as one canonical
/// URL-encoded query (keys in the order sent; a repeated key keeps its last value), which is what the <c>{tags}</c> macro sends.
/// </summary>
public sealed record ClickLabels(string SubId, string Tags)
{
    public const int MaxSubIdLength = Click.MaxSubIdLength;
    public const int MaxTags = 10;
    public const int MaxTagLength = 50;

    /// <summary>The stored tags' text is at most this long: ten pairs of fifty characters each side, every character escaped.</summary>
    public const int MaxTagsTextLength = MaxTags * (MaxTagLength * 2 * 9 + 2);

    public static readonly ClickLabels None = new("", "");

    /// <summary>Checks the values as sent (absent or blank: none); false with the error for a 400 when one is malformed.</summary>
    public static bool TryParse(string? subId, string? tags, out ClickLabels labels, out string? error)
    {
        labels = None;
        var sub = subId?.Trim() ?? "";
        if (sub.Length > MaxSubIdLength || sub.Any(char.IsControl))
        {
            error = $"sub_id must be at most {MaxSubIdLength} printable characters";
            return false;
        }
        if (!TryParseTags(tags, out var pairs, out error)) return false;
        labels = new ClickLabels(sub, Format(pairs));
        return true;
    }

    /// <summary>The tags of a URL-encoded query (<c>a=1&amp;b=x%20y</c>), checked as BitLabs checks them; none for an absent or blank one.</summary>
    public static bool TryParseTags(string? text, out List<KeyValuePair<string, string>> pairs, out string? error)
    {
        pairs = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (text.Length > MaxTagsTextLength) return Fail("tags is too long", out error);
        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq < 0) return Fail("tags must be key=value pairs joined by &", out error);
            if (!TryUnescape(part[..eq], out var key) || !TryUnescape(part[(eq + 1)..], out var value))
                return Fail("tags must be URL-encoded", out error);
            key = key.Trim().ToLowerInvariant();
            value = value.Trim().ToLowerInvariant();
            if (key.Length is 0 or > MaxTagLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                return Fail($"a tag's key must be 1 to {MaxTagLength} letters, digits or underscores", out error);
            if (value.Length > MaxTagLength || value.Any(char.IsControl))
                return Fail($"a tag's value must be at most {MaxTagLength} printable characters", out error);
            var at = pairs.FindIndex(p => p.Key == key);
            if (at >= 0) pairs[at] = new(key, value);
            else pairs.Add(new(key, value));
            if (pairs.Count > MaxTags) return Fail($"at most {MaxTags} tags", out error);
        }
        return true;
    }

    /// <summary>The canonical URL-encoded query of the pairs.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    // Every % starts an escape of two hex digits, and the bytes they spell are UTF-8.
    private static bool TryUnescape(string s, out string value)
    {
        value = "";
        for (var i = s.IndexOf('%'); i >= 0; i = s.IndexOf('%', i + 1))
            if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2])) return false;
        try
        {
            value = StrictUtf8.GetString(System.Net.WebUtility.UrlDecodeToBytes(Encoding.UTF8.GetBytes(s), 0, Encoding.UTF8.GetByteCount(s)));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
