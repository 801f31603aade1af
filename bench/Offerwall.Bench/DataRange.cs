using System.Globalization;

namespace Offerwall.Bench;

/// <summary>A Data API date range (US Eastern days, both inclusive) and its exact number of rows.</summary>
public sealed record DataRange(DateOnly From, DateOnly To, long Total)
{
    public const int PerPage = 1000;

    public int LastPage => (int)Math.Max((Total + PerPage - 1) / PerPage, 1);

    /// <summary>Rows a page must have: a full page, or the remainder on the last one.</summary>
    public int RowsOn(int page) => page < LastPage ? PerPage : (int)(Total - (long)(LastPage - 1) * PerPage);

    public string Path(int page, int perPage = PerPage) => DataApiPhase.ConversionsPath(From, To, perPage, page);

    public override string ToString() => $"{Day(From)} … {Day(To)}";

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
