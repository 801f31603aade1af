using Microsoft.AspNetCore.WebUtilities;
using Offerwall.Conversions;
using Offerwall.Web;

namespace Offerwall.Hosting;

/// <summary>
/// Error answers that no endpoint wrote itself (no such route, a method the route does not take, a
/// request the framework could not bind, an unexpected exception) in the error shape of the API the
/// path belongs to, as that API's endpoints write their own errors: Laravel's <c>{"message"}</c>
/// under /data/partner, the client API's envelope under /v1/client, /v2/client and /wall/app, the
/// advertiser postback's <c>{"status":"error","error":{"code","message"}}</c>. Registered ahead of
/// ASP.NET Core's default writer, which keeps everything else (the admin API's problem details).
/// </summary>
public sealed class ApiErrorWriter : IProblemDetailsWriter
{
    private enum Api { None, Partner, Client, Advertiser }

    private static Api ApiOf(PathString path) =>
        path.StartsWithSegments("/data/partner") ? Api.Partner
        : path.StartsWithSegments("/v1/client") || path.StartsWithSegments("/v2/client") || path.StartsWithSegments("/wall/app") ? Api.Client
        : path.StartsWithSegments(AdvertiserPostbackApi.Path) || path.StartsWithSegments(MmpPostbackApi.Path) ? Api.Advertiser
        : Api.None;

    public bool CanWrite(ProblemDetailsContext context) => ApiOf(context.HttpContext.Request.Path) != Api.None;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        var reason = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
        var result = ApiOf(http.Request.Path) switch
        {
            Api.Partner => TypedResults.Json(new LaravelMessage(status switch
            {
                404 => "Not found.",
                405 => $"The {http.Request.Method} method is not supported for this route.",
                >= 500 => "Server Error",
                _ => reason + ".",
            }), statusCode: status),
            Api.Client => ClientApi.ClientApi.Error(status, reason.ToLowerInvariant()),
            _ => AdvertiserPostbackApi.Error(status, status == 400 ? "invalid_request" : reason.ToLowerInvariant().Replace(' ', '_'), reason + "."),
        };
        return new ValueTask(result.ExecuteAsync(http));
    }
}
