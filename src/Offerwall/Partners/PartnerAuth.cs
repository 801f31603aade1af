using Microsoft.EntityFrameworkCore;
using Offerwall.Web;
using Offerwall.Data;

namespace Offerwall.Partners;

/// <summary>
/// The partner API's authentication: <c>Authorization: Bearer &lt;server key&gt;</c> (scheme in any
/// case). The key alone identifies the partner. Anything else is Laravel's 401. With it, the rate
/// limits of every partner route (<see cref="PartnerLimits"/>): the client address's before the key
/// is looked up, the partner's after; a key that authenticates no one counts against its address's
/// allowance of failures, never against a counter of its own.
/// </summary>
public static class PartnerAuth
{
    private const string PartnerItem = "offerwall.partner";

    public static IServiceCollection AddPartnerApi(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<PartnerApiOptions>().Bind(config.GetSection("PartnerApi"))
            .Validate(o => RateLimit.AllValid(o.PerPartner, o.PerAddress, o.FailedKeysPerAddress, o.DeliveredReplays, o.TestPostbacks),
                "PartnerApi: every rate limit needs a positive PermitLimit and Window.")
            .ValidateOnStart();
        services.AddSingleton<PartnerLimits>();
        return services;
    }

    /// <summary>The server key as the OpenAPI document declares it.</summary>
    public static readonly SecuredBy.Scheme ServerKey = SecuredBy.Bearer("partnerKey",
        "The partner's server key: `Authorization: Bearer <server key>`. It alone identifies the partner. The demo's is demo_coinquest_server_key.");

    /// <summary>
    /// The entrance of every /data/partner group: the server key and the rate limits (401 and 429 in
    /// Laravel's shape), and Laravel's shape for the handlers' own errors (<see cref="LaravelShape"/>).
    /// </summary>
    public static RouteGroupBuilder RequirePartnerKey(this RouteGroupBuilder group)
    {
        group.WithErrorShape(LaravelShape.Instance).WithMetadata(new SecuredBy(ServerKey))
            .ProducesError(StatusCodes.Status401Unauthorized, typeof(LaravelMessage));
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var limits = http.RequestServices.GetRequiredService<PartnerLimits>();
            var address = RateLimits.AddressKey(http.Connection.RemoteIpAddress);
            if (limits.PerAddress.Acquire(address) is { } wait)
                return PartnerLimits.TooManyAttempts(http, wait);
            var partner = await AuthenticateAsync(http.Request.Headers.Authorization.ToString(), http.RequestServices.GetRequiredService<OfferwallDb>(),
                http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, http.RequestAborted);
            if (partner is null)
                return limits.FailedKeysPerAddress.Acquire(address) is { } failedWait
                    ? PartnerLimits.TooManyAttempts(http, failedWait)
                    : TypedResults.Json(new LaravelMessage("Unauthenticated."), statusCode: StatusCodes.Status401Unauthorized);
            if (limits.PerPartner.Acquire(partner.Id) is { } partnerWait)
                return PartnerLimits.TooManyAttempts(http, partnerWait);
            http.Items[PartnerItem] = partner;
            return await next(context);
        });
        group.ProducesTooManyRequests(typeof(LaravelMessage));
        return group;
    }

    public static Partner Partner(this HttpContext http) => (Partner)http.Items[PartnerItem]!;

    /// <summary>The partner whose server key this is: its current key, or the one before it while that rotation's grace lasts.</summary>
    public static async Task<Partner?> AuthenticateAsync(string authorization, OfferwallDb db, DateTime now, CancellationToken ct)
    {
        const string scheme = "Bearer ";
        if (authorization.Length <= scheme.Length || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        var key = authorization[scheme.Length..].Trim();
        if (key.Length is 0 or > 200)
            return null;
        var hash = PartnerKeys.Hash(key);
        if (await ByKeyHash.For(db)(db, hash, ct) is { } partner)
            return PartnerKeys.Matches(key, partner.ServerKeyHash) ? partner : null;
        // Only a key no partner holds now costs this second lookup.
        var previous = await ByPreviousKeyHash.For(db)(db, hash, now, ct);
        return previous is not null && PartnerKeys.Matches(key, previous.PreviousServerKeyHash!) ? previous : null;
    }

    private static readonly PerEngine<Func<OfferwallDb, string, DateTime, CancellationToken, Task<Partner?>>> ByPreviousKeyHash = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, string hash, DateTime now, CancellationToken ct) =>
            db.Partners.AsNoTracking().FirstOrDefault(p => p.PreviousServerKeyHash == hash && p.PreviousServerKeyUntil > now)));

    // Compiled (Data/PerEngine.cs): asked on every partner API request.
    private static readonly PerEngine<Func<OfferwallDb, string, CancellationToken, Task<Partner?>>> ByKeyHash = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, string hash, CancellationToken ct) => db.Partners.AsNoTracking().FirstOrDefault(p => p.ServerKeyHash == hash)));
}
