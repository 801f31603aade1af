namespace Offerwall.Data;

/// <summary>
/// What a text column holds on both engines: PostgreSQL's text cannot contain NUL (U+0000), and
/// half of a UTF-16 surrogate pair has no UTF-8 form. Validators refuse such values as bad input
/// (and check lengths and nulls against the columns), so they never fail in the database.
/// </summary>
public static class StoredText
{
    public const string Unstorable = "must not contain NUL characters or unpaired surrogates.";

    public static bool IsStorable(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0' || char.IsLowSurrogate(c)) return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1])) return false;
                i++;
            }
        }
        return true;
    }

    /// <summary>Free text made storable: each NUL and unpaired surrogate replaced by U+FFFD.</summary>
    public static string Clean(string value)
    {
        if (IsStorable(value)) return value;
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) i++;
            else if (chars[i] == '\0' || char.IsSurrogate(chars[i])) chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    /// <summary>
    /// Adds an error for <paramref name="field"/> unless <paramref name="value"/> is a storable string
    /// of at most <paramref name="max"/> characters (null is accepted only when <paramref name="optional"/>).
    /// </summary>
    public static void Check(Dictionary<string, string[]> errors, string field, string? value, int max, bool optional = false)
    {
        if (value is null ? !optional : value.Length > max)
            errors[field] = [$"{field} must be a string of at most {max} characters."];
        else if (value is not null && !IsStorable(value))
            errors[field] = [$"{field} {Unstorable}"];
    }

    /// <summary>The same for a list stored joined by <paramref name="separator"/>: no null items, and the joined text fits.</summary>
    public static void CheckList(Dictionary<string, string[]> errors, string field, List<string>? items, char separator, int max)
    {
        if (items is null) return;
        if (items.Any(i => i is null)) errors[field] = [$"{field} must be a list of strings."];
        else Check(errors, field, string.Join(separator, items), max);
    }
}
