using System.Globalization;

namespace Offerwall.Bench;

/// <summary>How figures look in the table: invariant culture, thousands separated.</summary>
public static class Fmt
{
    public static string Int(double v) => double.IsFinite(v) ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";
    public static string Ms(double v) => !double.IsFinite(v) ? "—" : v.ToString(v < 10 ? "F2" : v < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);
    public static string Ratio(double v) => double.IsFinite(v) ? v.ToString(v >= 0.1 ? "F2" : "F3", CultureInfo.InvariantCulture) : "—";
    // Rounded up, so a figure shown as 300 never fails a "≤ 300 MB" goal.
    public static string Mb(long kb) => Math.Ceiling(kb / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
    public static string Met(bool met) => met ? "yes" : "no";
}
