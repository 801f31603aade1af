using System.Text;
using Microsoft.Net.Http.Headers;

namespace Offerwall.Hosting;

/// <summary>
/// A JSON body declared in a charset .NET does not know (<c>application/json; charset=bogus</c>)
/// cannot be read: 415 Unsupported Media Type, instead of the exception (500) that the framework's
/// JSON reader throws while binding it. The body of the 415 is the API's own error shape.
/// </summary>
public static class JsonCharsetGuard
{
    public static IApplicationBuilder UseJsonCharsetGuard(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.Request.HasJsonContentType() && MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            && type.Charset.HasValue && !IsKnown(type.Charset.ToString()))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return Task.CompletedTask;
        }
        return next(http);
    });

    private static bool IsKnown(string charset)
    {
        try
        {
            // As the framework's JSON reader looks it up (an empty or unknown name throws there).
            Encoding.GetEncoding(charset);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
