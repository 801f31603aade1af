namespace Offerwall.Web;

/// <summary>Section "Offerwall". PublicBaseUrl: how partners reach this server (page links use it).</summary>
public sealed class PublicUrlOptions
{
    public string? PublicBaseUrl { get; set; }

    /// <summary>Scheme, host and path base of this server as clients reach it: PublicBaseUrl when set (behind a proxy), else the request's own.</summary>
    public string BaseUrl(HttpRequest request) =>
        string.IsNullOrWhiteSpace(PublicBaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : PublicBaseUrl.TrimEnd('/');
}
