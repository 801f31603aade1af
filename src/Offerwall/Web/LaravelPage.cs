using System.Text;
using System.Text.Json.Serialization;

namespace Offerwall.Web;

public sealed record PageLinks(string First, string Last, string? Prev, string? Next);

public sealed record PageLink(string? Url, string Label, bool Active);

public sealed record PageMeta(
    [property: JsonPropertyName("current_page")] int CurrentPage,
    int? From,
    [property: JsonPropertyName("last_page")] int LastPage,
    IReadOnlyList<PageLink> Links,
    string Path,
    [property: JsonPropertyName("per_page")] int PerPage,
    int? To,
    long Total);

/// <summary>
/// Laravel's length-aware paginator as its API resources render it (links + meta), as pure
/// functions of the counts. Page URLs keep the request's other query parameters, page last.
/// </summary>
public static class LaravelPage
{
    public const string PreviousLabel = "« Previous";
    public const string NextLabel = "Next »";
    private const int OnEachSide = 3;

    public static int LastPage(long total, int perPage) => (int)Math.Max((total + perPage - 1) / perPage, 1);

    /// <param name="path">Scheme, host and path of the endpoint, no query.</param>
    /// <param name="otherQuery">The request's query parameters except page, in their order, already decoded.</param>
    public static (PageLinks Links, PageMeta Meta) Build(
        long total, int perPage, int currentPage, int count, string path, IReadOnlyList<KeyValuePair<string, string>> otherQuery)
    {
        var lastPage = LastPage(total, perPage);
        var prefix = UrlPrefix(path, otherQuery);
        string Url(int page) => prefix + page.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var prev = currentPage > 1 ? Url(currentPage - 1) : null;
        var next = currentPage < lastPage ? Url(currentPage + 1) : null;
        int? from = count > 0 ? (int)((long)(currentPage - 1) * perPage + 1) : null;
        int? to = count > 0 ? from + count - 1 : null;

        var links = new List<PageLink> { new(prev, PreviousLabel, false) };
        foreach (var element in Window(currentPage, lastPage))
            links.Add(element is { } page
                ? new PageLink(Url(page), page.ToString(System.Globalization.CultureInfo.InvariantCulture), page == currentPage)
                : new PageLink(null, "...", false));
        links.Add(new PageLink(next, NextLabel, false));

        return (new PageLinks(Url(1), Url(lastPage), prev, next),
                new PageMeta(currentPage, from, lastPage, links, path, perPage, to, total));
    }

    /// <summary>The page numbers to show, null standing for a "..." gap (Laravel's UrlWindow, 3 on each side).</summary>
    public static IEnumerable<int?> Window(int current, int last)
    {
        const int window = OnEachSide + 4;
        IEnumerable<int?> Range(int from, int to) => Enumerable.Range(from, to - from + 1).Select(p => (int?)p);
        int?[] gap = [null];

        if (last < OnEachSide * 2 + 8)
            return Range(1, last);
        if (current <= window)
            return Range(1, window + OnEachSide).Concat(gap).Concat(Range(last - 1, last));
        if (current > last - window)
            return Range(1, 2).Concat(gap).Concat(Range(last - (window + OnEachSide - 1), last));
        return Range(1, 2).Concat(gap).Concat(Range(current - OnEachSide, current + OnEachSide)).Concat(gap).Concat(Range(last - 1, last));
    }

    /// <summary>"path?a=1&amp;b=2&amp;page=" with RFC 3986 encoding, ready for a page number.</summary>
    public static string UrlPrefix(string path, IReadOnlyList<KeyValuePair<string, string>> otherQuery)
    {
        var sb = new StringBuilder(path).Append('?');
        foreach (var (key, value) in otherQuery)
            sb.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
        return sb.Append("page=").ToString();
    }

    /// <summary>The request's query parameters but page, in their order, decoded.</summary>
    public static List<KeyValuePair<string, string>> OtherQuery(string? queryString)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var pair in new Microsoft.AspNetCore.WebUtilities.QueryStringEnumerable(queryString))
        {
            var key = pair.DecodeName().ToString();
            if (key.Length == 0 || key == "page") continue;
            result.Add(new(key, pair.DecodeValue().ToString()));
        }
        return result;
    }
}
