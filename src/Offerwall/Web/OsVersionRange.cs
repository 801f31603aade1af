namespace Offerwall.Web;

/// <summary>
/// An offer's OS version bounds (min_os_version, max_os_version) as text: "10", "14.2", "17.4.1": 1 to
/// <see cref="MaxComponents"/> numbers of ASCII digits separated by dots, each at most <see cref="MaxComponent"/>.
/// An absent bound (null, empty or blank) is no bound. Rules of <see cref="Contains"/>:
/// <list type="bullet">
/// <item>Both bounds are inclusive.</item>
/// <item>min compares component by component, a missing component counting as 0: min "14.2" takes 14.2, 14.2.0.1 and 15, not 14.1.9.</item>
/// <item>max compares only as many components as it gives: max "17" takes every 17.x.y, not 18.0; max "17.4" takes 17.4.1, not 17.5.</item>
/// <item>A device whose version is unknown is within no bounded range, and within the unbounded one.</item>
/// <item>A stored bound that does not parse (only one written before bounds were checked could) shuts the range: fail closed.</item>
/// </list>
/// </summary>
public static class OsVersionRange
{
    public const int MaxComponents = 4;
    public const int MaxComponent = 9999;

    /// <summary>What <see cref="Check"/> says is wrong with a bound, after its field name.</summary>
    public const string Shape = "must be 1 to 4 numbers separated by dots, each at most 9999";

    /// <summary>Whether a device's OS version is within the bounds; see the class comment for the rules.</summary>
    public static bool Contains(string? min, string? max, Version? version)
    {
        var noMin = string.IsNullOrWhiteSpace(min);
        var noMax = string.IsNullOrWhiteSpace(max);
        if (noMin && noMax) return true;
        if (version is null) return false;
        var have = Components(version);
        if (!noMin && (!TryParse(min, out var low) || Compare(have, low, low.Length < have.Length ? have.Length : low.Length) < 0)) return false;
        if (!noMax && (!TryParse(max, out var high) || Compare(have, high, high.Length) > 0)) return false;
        return true;
    }

    /// <summary>
    /// The error of one bound as sent, e.g. "min_os_version must be 1 to 4 numbers separated by dots, each at most 9999"; null when it is
    /// absent (null, empty or blank) or valid.
    /// </summary>
    public static string? Check(string field, string? text) =>
        string.IsNullOrWhiteSpace(text) || TryParse(text, out _) ? null : $"{field} {Shape}";

    /// <summary>
    /// The first error of a pair of bounds: each one's shape (<see cref="Check"/>), then that some version is within both, i.e. that min,
    /// cut to as many components as max gives, is not above max ("17.4" to "17" is valid: 17.4 up to every 17.x). Null when valid.
    /// </summary>
    public static string? CheckRange(string? min, string? max, string minField = "min_os_version", string maxField = "max_os_version")
    {
        if ((Check(minField, min) ?? Check(maxField, max)) is { } error) return error;
        if (string.IsNullOrWhiteSpace(min) || string.IsNullOrWhiteSpace(max)) return null;
        TryParse(min, out var low);
        TryParse(max, out var high);
        return Compare(low, high, high.Length) > 0 ? $"{minField} must not be above {maxField}" : null;
    }

    /// <summary>A bound or a version as sent ("14", "17.4.1"): strict, dots only, no spaces, no sign; 14 → 14.0.</summary>
    public static bool TryParseVersion(string? text, out Version? version)
    {
        version = TryParse(text, out var parts) ? ToVersion(parts) : null;
        return version is not null;
    }

    /// <summary>
    /// A version as a user agent writes it: "17_4_1" → 17.4.1, "14" → 14.0, "4.4.2" → 4.4.2 ('.' or '_' between numbers). Components
    /// after the fourth are dropped; null when a component is not a number or is above <see cref="MaxComponent"/>.
    /// </summary>
    public static Version? ParseLoose(ReadOnlySpan<char> text)
    {
        Span<int> parts = stackalloc int[MaxComponents];
        var count = 0;
        foreach (var range in text.SplitAny('.', '_'))
        {
            if (count == MaxComponents) break;
            if (!TryComponent(text[range], out parts[count])) return null;
            count++;
        }
        return count == 0 ? null : ToVersion(parts[..count]);
    }

    private static bool TryParse(string? text, out int[] parts)
    {
        parts = [];
        if (text is null || text.Length == 0 || text.Length > MaxComponents * 5) return false;
        var span = text.AsSpan();
        var found = new int[MaxComponents];
        var count = 0;
        foreach (var range in span.Split('.'))
        {
            if (count == MaxComponents || !TryComponent(span[range], out found[count])) return false;
            count++;
        }
        parts = found[..count];
        return true;
    }

    /// <summary>1 to 4 ASCII digits, at most <see cref="MaxComponent"/>: leading zeros are allowed ("07" is 7), signs and spaces are not.</summary>
    private static bool TryComponent(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 4) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return value <= MaxComponent;
    }

    private static Version ToVersion(ReadOnlySpan<int> parts) => parts.Length switch
    {
        1 => new Version(parts[0], 0),
        2 => new Version(parts[0], parts[1]),
        3 => new Version(parts[0], parts[1], parts[2]),
        _ => new Version(parts[0], parts[1], parts[2], parts[3]),
    };

    /// <summary>A version's components without the unset ones (System.Version keeps -1 for an unset build or revision).</summary>
    private static int[] Components(Version v) =>
        v.Build < 0 ? [v.Major, v.Minor] : v.Revision < 0 ? [v.Major, v.Minor, v.Build] : [v.Major, v.Minor, v.Build, v.Revision];

    /// <summary>The first <paramref name="length"/> components compared in order, a missing one counting as 0.</summary>
    private static int Compare(int[] a, int[] b, int length)
    {
        for (var i = 0; i < length; i++)
        {
            var c = (i < a.Length ? a[i] : 0).CompareTo(i < b.Length ? b[i] : 0);
            if (c != 0) return c;
        }
        return 0;
    }
}
