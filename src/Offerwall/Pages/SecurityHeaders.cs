namespace Offerwall.Pages;

/// <summary>
/// The response headers of the pages people look at (the wall, the dashboard, the operator's console and their assets).
/// Every script, style, image and API call comes from this server, so the policy allows 'self'
/// only: no inline script or style, no eval, no plugin, and no string ever reaches an HTML sink
/// (Trusted Types with no policy: the pages build the DOM from text nodes only).
/// The wall may be framed (apps and sites embed it); the dashboard, which holds a partner's key,
/// and the console, which holds the admin token, may not. No referrer leaves the wall: its URL carries the app token and the user id.
/// </summary>
public static class SecurityHeaders
{
    private const string Common =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; require-trusted-types-for 'script'; trusted-types 'none'";

    public const string WallPolicy = Common;

    public const string DashboardPolicy = Common + "; frame-ancestors 'none'";

    /// <summary>The operator's console holds the admin token: the dashboard's policy, never framed.</summary>
    public const string ConsolePolicy = DashboardPolicy;

    /// <summary>A generated SVG is an image, never a document that may run anything.</summary>
    public const string ImagePolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Adds the headers to the pages' routes and assets; other routes (APIs, /docs) keep their own.</summary>
    public static IApplicationBuilder UsePageSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var path = http.Request.Path;
        var policy = path.StartsWithSegments("/dashboard") ? DashboardPolicy
            : path.StartsWithSegments("/console") ? ConsolePolicy
            : path.StartsWithSegments("/wall") || path.StartsWithSegments(WebPages.AssetsPath) ? WallPolicy
            : null;
        if (policy is not null)
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (policy is DashboardPolicy or ConsolePolicy)
            {
                // For browsers that predate frame-ancestors.
                headers.XFrameOptions = "DENY";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
            }
        }
        return next(http);
    });
}
