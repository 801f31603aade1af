using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Offerwall.Clicks;
using Offerwall.Data;
using Offerwall.PartnerApi;
using Offerwall.Partners;
using Offerwall.Web;

namespace Offerwall.ClientApi;

public sealed record ClientSuccess<T>(T Data, string Status, string TraceId);

public sealed record ClientError(ClientErrorBody Error, string Status, string TraceId);

public sealed record ClientErrorBody(ClientErrorDetails Details);

public sealed record ClientErrorDetails(string Msg, string Http);

public sealed record StartedOffer(string OfferId, string TxId, string ContinueUrl, string StartedAt);

/// <summary>
/// The client API that a partner's app calls for one user (seed 004): headers <c>X-Api-Token</c>
/// (the partner's app token) and <c>X-User-Id</c>; success and error envelopes as the vendor's.
/// Order of checks: the client address's rate limit (429, before any database work), app token (401;
/// 429 once unknown tokens used up their shared allowance), user id (400), the user's and the app
/// token's rate limits (429), VPN (406, for partners that block VPNs), then the endpoint (404 for an
/// unknown offer or one not in the user's history). Limits: <see cref="ClientLimits"/>.
/// </summary>
public static class ClientApi
{
    private const string PartnerItem = "offerwall.client.partner";
    private const string UserItem = "offerwall.client.user";

    public static IServiceCollection AddClientApi(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ClientApiOptions>().Bind(config.GetSection("ClientApi"))
            .Validate(o => RateLimit.AllValid(o.PerToken, o.PerUser, o.PerAddress, o.UnknownTokens),
                "ClientApi: every rate limit needs a positive PermitLimit and Window.")
            .ValidateOnStart();
        services.AddSingleton<ClientLimits>();
        services.Configure<VpnOptions>(config.GetSection("Vpn"));
        services.AddSingleton<VpnBlocklist>();
        return services;
    }

    public static RouteGroupBuilder MapClientApi(this IEndpointRouteBuilder app)
    {
        var root = app.MapGroup("").WithTags("Client API");
        root.AddEndpointFilter(AuthenticateAsync);
        root.ProducesTooManyRequests(typeof(ClientError));

        root.MapGet("/v1/client/offers", ListAsync).WithSummary("Offers the user can start, and the ones they started.");
        root.MapGet("/v2/client/offers", ListAsync).WithSummary("Same as /v1/client/offers.");
        root.MapPost("/v1/client/offers/{offerId}/start", StartAsync).WithSummary("Start (or continue) an offer: records the click and returns the tracking link.");
        root.MapGet("/v1/client/user/history", HistoryAsync).WithSummary("The offers this user started, most recent activity first.");
        root.MapGet("/v1/client/user/history/offers/{offerId}", DetailsAsync).WithSummary("The user's progress in one offer they started (seed 004).");
        return root;
    }

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var limits = http.RequestServices.GetRequiredService<ClientLimits>();
        var address = RateLimits.AddressKey(http.Connection.RemoteIpAddress);
        if (limits.PerAddress.Acquire(address) is { } wait) return TooManyRequests(http, wait);
        var token = http.Request.Headers["X-Api-Token"].ToString();
        var db = http.RequestServices.GetRequiredService<OfferwallDb>();
        var partner = token.Length is > 0 and <= 100
            ? await ByAppToken.For(db)(db, token, http.RequestAborted)
              // A token no partner holds now may be one rotated away whose grace period lasts.
              ?? await ByPreviousAppToken.For(db)(db, token, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, http.RequestAborted)
            : null;
        // Every unknown token draws on one allowance: guessing tokens never earns a fresh one.
        if (partner is null)
            return limits.UnknownTokens.Acquire(0) is { } unknownWait ? TooManyRequests(http, unknownWait) : Error(401, "invalid api token");
        var userId = http.Request.Headers["X-User-Id"].ToString();
        if (userId.Length is 0 or > User.MaxIdLength || userId.Any(char.IsControl) || userId.Trim().Length != userId.Length)
            return Error(400, $"X-User-Id must be 1 to {User.MaxIdLength} printable characters");
        if (limits.Admit(partner.Id, userId) is { } userWait) return TooManyRequests(http, userWait);
        if (partner.BlockVpn && http.RequestServices.GetRequiredService<VpnBlocklist>().Contains(http.Connection.RemoteIpAddress))
            return Error(406, "vpn detected");
        http.Items[PartnerItem] = partner;
        http.Items[UserItem] = userId;
        return await next(context);
    }

    // Compiled (Data/PerEngine.cs): asked on every client API request.
    private static readonly PerEngine<Func<OfferwallDb, string, CancellationToken, Task<Partner?>>> ByAppToken = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, string token, CancellationToken ct) => db.Partners.AsNoTracking().FirstOrDefault(p => p.AppToken == token)));

    private static readonly PerEngine<Func<OfferwallDb, string, DateTime, CancellationToken, Task<Partner?>>> ByPreviousAppToken = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, string token, DateTime now, CancellationToken ct) =>
            db.Partners.AsNoTracking().FirstOrDefault(p => p.PreviousAppToken == token && p.PreviousAppTokenUntil > now)));

    private static Partner PartnerOf(HttpContext http) => (Partner)http.Items[PartnerItem]!;
    private static string UserOf(HttpContext http) => (string)http.Items[UserItem]!;
    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    private static async Task<IResult> ListAsync(HttpContext http, OfferwallDb db, TimeProvider clock, IOptions<PublicUrlOptions> urls,
        string? country, string? platform, CancellationToken ct)
    {
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetter))) return Error(400, "country must be a 2-letter ISO code");
        if (platform is not null && platform is not ("android" or "ios" or "web")) return Error(400, "platform must be android, ios or web");
        // click_url: behind a proxy the request's own host is not the one the app reaches, Offerwall:PublicBaseUrl is.
        var baseUrl = string.IsNullOrWhiteSpace(urls.Value.PublicBaseUrl)
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}"
            : urls.Value.PublicBaseUrl.TrimEnd('/');
        var prefix = baseUrl + "/v1/client/offers/";
        var list = await OfferCatalog.ListAsync(db, PartnerOf(http), UserOf(http), country?.ToUpperInvariant(),
            platform ?? OfferCatalog.PlatformOf(http.Request.Headers.UserAgent.ToString()), prefix, Now(clock), ct);
        return Success(list);
    }

    private static async Task<IResult> HistoryAsync(HttpContext http, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
        Success(await OfferCatalog.HistoryAsync(db, PartnerOf(http), UserOf(http), Now(clock), ct));

    private static async Task<IResult> DetailsAsync(string offerId, HttpContext http, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
        await OfferCatalog.DetailsAsync(db, PartnerOf(http), UserOf(http), offerId, Now(clock), ct) is { } details
            ? Success(details)
            : Error(404, "offer not found in the user's history");

    private static async Task<IResult> StartAsync(string offerId, HttpContext http, OfferwallDb db, TimeProvider clock, CancellationToken ct)
    {
        var partner = PartnerOf(http);
        var offer = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.PublicId == offerId && o.IsActive, ct);
        if (offer is null || offer.Kind == Offers.OfferKind.Survey && !partner.SurveysEnabled) return Error(404, "offer not found");
        // A known user keeps the spelling of their id first seen (ids are case-insensitive), so the tracking link is the click's.
        var userId = (await OfferCatalog.KnownUserAsync(db, partner.Id, UserOf(http), ct))?.ExternalId ?? UserOf(http);
        var started = await StartOffer.StartAsync(db, partner, userId, offer, http.Connection.RemoteIpAddress?.ToString() ?? "",
            http.Request.Headers.UserAgent.ToString(), Now(clock), ct);
        return Success(new StartedOffer(offer.PublicId, started.Click.TxId, started.ContinueUrl, OfferProgress.Rfc3339(started.Click.CreatedAt)));
    }

    public static IResult Success<T>(T data) => TypedResults.Ok(new ClientSuccess<T>(data, "success", TraceId()));

    private static IResult TooManyRequests(HttpContext http, TimeSpan wait)
    {
        RateLimits.SetRetryAfter(http, wait);
        return Error(StatusCodes.Status429TooManyRequests, "too many requests");
    }

    public static IResult Error(int status, string message) => TypedResults.Json(
        new ClientError(new ClientErrorBody(new ClientErrorDetails(message, $"{status} {ReasonPhrases.GetReasonPhrase(status)}")), "error", TraceId()),
        statusCode: status);

    private static string TraceId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
