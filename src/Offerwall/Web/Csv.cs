namespace Offerwall.Web;

/// <summary>CSV text fields as every export writes them.</summary>
public static class Csv
{
    /// <summary>RFC 4180 quoting, and a leading quote mark against spreadsheet formula injection (text fields only, never numbers).</summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
