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

public static class AdminAuth
{
    /// <summary>Requires <c>Authorization: Bearer &lt;admin token&gt;</c>; partner keys are not admin tokens.</summary>
    public static RouteGroupBuilder RequireAdminToken(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var token = context.HttpContext.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.Token;
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            const string scheme = "Bearer ";
            var given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
            if (token.Length == 0 || !FixedTimeEquals(given, token))
                return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "An admin token is required: Authorization: Bearer <Admin:Token>.");
            return await next(context);
        });
        return group;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
