using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Offerwall.Web;

namespace Offerwall.Admin;

public static class AdminAuth
{
    public static IServiceCollection AddAdminAuth(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AdminOptions>().Bind(config.GetSection("Admin"))
            .Validate(o => o.Token.Length == 0 || o.Token.Length >= AdminOptions.MinTokenLength,
                $"Admin:Token must be at least {AdminOptions.MinTokenLength} characters (e.g. `openssl rand -base64 33`); leave it empty to turn the admin API off.")
            .Validate(o => o.FailureLimit > 0 && o.FailureWindow > TimeSpan.Zero, "Admin:FailureLimit and Admin:FailureWindow must be positive.")
            .ValidateOnStart();
        services.AddSingleton<AdminToken>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AdminOptions>>().Value;
            return new FailedAdminLogins(new KeyedLimiter<UInt128>(RateLimit.Of(o.FailureLimit, o.FailureWindow)));
        });
        return services;
    }

    /// <summary>The admin token as the OpenAPI document declares it.</summary>
    public static readonly SecuredBy.Scheme Scheme = SecuredBy.Bearer("adminToken",
        "The operator's token, Admin:Token: `Authorization: Bearer <admin token>`. With demo data and no token configured, demo_admin_token.");

    /// <summary>Requires <c>Authorization: Bearer &lt;admin token&gt;</c>; partner keys are not admin tokens.</summary>
    public static RouteGroupBuilder RequireAdminToken(this RouteGroupBuilder group)
    {
        group.WithMetadata(new AdminTokenRequired(), new SecuredBy(Scheme))
            .ProducesError(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), "application/problem+json");
        // Checked again here, so an endpoint of the group is never open even in a pipeline without UseAdminToken.
        group.AddEndpointFilter(async (context, next) =>
            IsAdmin(context.HttpContext) ? await next(context) : Unauthorized());
        return group;
    }

    /// <summary>
    /// Refuses (401) a request for an admin endpoint without the admin token before the endpoint
    /// runs: its body is never read or bound, so a caller without the token learns nothing from a
    /// 400 and cannot make the server parse a large body. An address that failed too often lately
    /// gets 429 (with Retry-After) whatever it sends, so a token cannot be guessed.
    /// </summary>
    public static IApplicationBuilder UseAdminToken(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // By path too: a request routing did not match to an admin endpoint (e.g. a content type the
        // endpoint does not accept, answered 415 by a stand-in endpoint) must not learn more than 401.
        var guarded = http.GetEndpoint()?.Metadata.GetMetadata<AdminTokenRequired>() is not null || http.Request.Path.StartsWithSegments("/admin");
        if (guarded)
        {
            var failures = http.RequestServices.GetRequiredService<FailedAdminLogins>().Limiter;
            var address = RateLimits.AddressKey(http.Connection.RemoteIpAddress);
            if (failures.Peek(address) is { } wait)
            {
                await TooManyFailures(http, wait).ExecuteAsync(http);
                return;
            }
            if (!IsAdmin(http))
            {
                failures.Acquire(address);
                await Unauthorized().ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    });

    private static IResult Unauthorized() =>
        TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "An admin token is required: Authorization: Bearer <Admin:Token>.");

    private static IResult TooManyFailures(HttpContext http, TimeSpan wait)
    {
        RateLimits.SetRetryAfter(http, wait);
        return TypedResults.Problem(statusCode: 429, title: "Too many requests",
            detail: "Too many failed admin authentications from this address: try again after Retry-After seconds.");
    }

    private static bool IsAdmin(HttpContext http)
    {
        var token = http.RequestServices.GetRequiredService<AdminToken>().Current;
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        return token.Length > 0 && FixedTimeEquals(given, token);
    }

    // Constant time whatever the lengths: both sides are hashed to 32 bytes before the comparison.
    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
