using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>Section "Admin": the operator's token for /admin. Empty: the admin API refuses everyone (but see <see cref="AdminToken"/>).</summary>
public sealed class AdminOptions
{
    /// <summary>The demo's documented token: it opens /admin only on a database of demo data alone (<see cref="AdminToken"/>).</summary>
    public const string DemoToken = "demo_admin_token";

    /// <summary>Shorter tokens are refused at start: the token guards every partner's money.</summary>
    public const int MinTokenLength = 32;

    public string Token { get; set; } = "";

    /// <summary>Failed admin authentications allowed per client address per <see cref="FailureWindow"/>; beyond, 429 until the window ends.</summary>
    public int FailureLimit { get; set; } = 10;
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The token /admin answers to: the configured Admin:Token, or, with none configured, the demo's
/// documented token while the database holds only the demo data this server generated itself
/// (decided at start by <see cref="DecideAsync"/>). A database with any other partner never answers
/// to the demo token.
/// </summary>
public sealed class AdminToken(IOptions<AdminOptions> options, ILogger<AdminToken> log)
{
    private volatile bool _demo;

    public string Current => options.Value.Token.Length > 0 ? options.Value.Token : _demo ? AdminOptions.DemoToken : "";

    /// <summary>Whether /admin answers to the demo token (shown in the demo banner).</summary>
    public bool IsDemo => options.Value.Token.Length == 0 && _demo;

    /// <summary>With demo data on and no token configured: the demo token only if every partner is one the demo generated.</summary>
    public async Task DecideAsync(OfferwallDb db, bool demoEnabled, CancellationToken ct)
    {
        _demo = false;
        if (options.Value.Token.Length > 0 || !demoEnabled) return;
        if (await db.Partners.AnyAsync(p => !p.IsDemo, ct))
        {
            log.LogWarning("Demo:Enabled is on, but this database holds partners the demo did not create: the demo admin token is off. " +
                           "Set Admin:Token (at least {Length} characters) to use the admin API.", AdminOptions.MinTokenLength);
            return;
        }
        _demo = await db.Partners.AnyAsync(ct);
    }
}

/// <summary>Marks the endpoints that need the admin token (see <see cref="AdminAuth.UseAdminToken"/>).</summary>
public sealed class AdminTokenRequired;

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

/// <summary>Failed admin authentications per client address (see <see cref="AdminAuth.UseAdminToken"/>).</summary>
public sealed class FailedAdminLogins(KeyedLimiter<UInt128> limiter) : IDisposable
{
    public KeyedLimiter<UInt128> Limiter => limiter;

    public void Dispose() => limiter.Dispose();
}
