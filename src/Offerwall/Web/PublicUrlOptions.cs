namespace Offerwall.Web;

/// <summary>Section "Offerwall". PublicBaseUrl: how partners reach this server (page links use it).</summary>
public sealed class PublicUrlOptions
{
    public string? PublicBaseUrl { get; set; }

    /// <summary>Scheme, host and path base of this server as clients reach it: PublicBaseUrl when set (behind a proxy), else the request's own.</summary>
    public string BaseUrl(HttpRequest request) =>
        string.IsNullOrWhiteSpace(PublicBaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : PublicBaseUrl.TrimEnd('/');

    /// <summary>A URL on this server given as a path from its root (as the demo's icons are), made absolute with <paramref name="baseUrl"/>; others as they are.</summary>
    public static string Absolute(string url, string baseUrl) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? baseUrl + url : url;
}
