using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Offerwall.Admin;

/// <summary>Section "Admin": the operator's token for /admin. Empty: the admin API refuses everyone.</summary>
public sealed class AdminOptions
{
    /// <summary>Used when demo data is on and no token is configured. Never use it in production.</summary>
    public const string DemoToken = "demo_admin_token";

    public string Token { get; set; } = "";
}

/// <summary>Marks the endpoints that need the admin token (see <see cref="AdminAuth.UseAdminToken"/>).</summary>
public sealed class AdminTokenRequired;

public static class AdminAuth
{
    /// <summary>Requires <c>Authorization: Bearer &lt;admin token&gt;</c>; partner keys are not admin tokens.</summary>
    public static RouteGroupBuilder RequireAdminToken(this RouteGroupBuilder group)
    {
        group.WithMetadata(new AdminTokenRequired());
        // Checked again here, so an endpoint of the group is never open even in a pipeline without UseAdminToken.
        group.AddEndpointFilter(async (context, next) =>
            IsAdmin(context.HttpContext) ? await next(context) : Unauthorized());
        return group;
    }

    /// <summary>
    /// Refuses (401) a request for an admin endpoint without the admin token before the endpoint
    /// runs: its body is never read or bound, so a caller without the token learns nothing from a
    /// 400 and cannot make the server parse a large body.
    /// </summary>
    public static IApplicationBuilder UseAdminToken(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // By path too: a request routing did not match to an admin endpoint (e.g. a content type the
        // endpoint does not accept, answered 415 by a stand-in endpoint) must not learn more than 401.
        var guarded = http.GetEndpoint()?.Metadata.GetMetadata<AdminTokenRequired>() is not null || http.Request.Path.StartsWithSegments("/admin");
        if (guarded && !IsAdmin(http))
        {
            await Unauthorized().ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    private static IResult Unauthorized() =>
        TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "An admin token is required: Authorization: Bearer <Admin:Token>.");

    private static bool IsAdmin(HttpContext http)
    {
        var token = http.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.Token;
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        return token.Length > 0 && FixedTimeEquals(given, token);
    }

    // Constant time whatever the lengths: both sides are hashed to 32 bytes before the comparison.
    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
