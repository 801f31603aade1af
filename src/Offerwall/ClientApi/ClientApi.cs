using System.ComponentModel;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Offerwall.Data;
using Offerwall.Fraud;
using Offerwall.Offers;
using Offerwall.Web;
using Offerwall.Clicks;

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
/// token's rate limits (429), the partner's suspension (403), VPN (406, for partners that block VPNs),
/// then the endpoint (404 for an unknown offer or one not in the user's history; a start of a blocked
/// user 403). Limits: <see cref="ClientLimits"/>.
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
        services.AddCountryLookup(config);
        services.Configure<VpnOptions>(config.GetSection("Vpn"));
        services.Configure<AnonymousIpOptions>(config.GetSection("Vpn"));
        services.AddSingleton<AnonymousIpLookup>();
        services.AddSingleton<VpnBlocklist>();
        return services;
    }

    /// <summary>The app token, as the OpenAPI document declares it.</summary>
    public static readonly SecuredBy.Scheme AppToken = SecuredBy.Header("appToken", "X-Api-Token",
        "The partner's app token (public: it is in the wall's URL). The demo's is demo_coinquest_app_token.");

    /// <summary>The user the request is for, as the OpenAPI document declares it: sent with the app token on every call.</summary>
    public static readonly SecuredBy.Scheme UserId = SecuredBy.Header("userId", "X-User-Id",
        $"The partner's own id of the user the request is for: 1 to {User.MaxIdLength} printable characters, no spaces at the ends; case-insensitive.");

    public static RouteGroupBuilder MapClientApi(this IEndpointRouteBuilder app)
    {
        // The entrance of every client API call: app token (401), user id (400), rate limits (429), suspended partner (403), VPN (406), all in the envelope.
        var root = app.MapGroup("").WithTags("Client API").WithErrorShape(ClientShape.Instance).WithMetadata(new SecuredBy(AppToken, UserId));
        root.AddEndpointFilter(AuthenticateAsync);
        root.ProducesTooManyRequests(typeof(ClientError))
            .ProducesError(StatusCodes.Status400BadRequest, typeof(ClientError))
            .ProducesError(StatusCodes.Status401Unauthorized, typeof(ClientError))
            .ProducesError(StatusCodes.Status403Forbidden, typeof(ClientError))
            .ProducesError(StatusCodes.Status406NotAcceptable, typeof(ClientError));

        root.MapGet("/v1/client/offers", ListAsync)
            .WithName("ListOffers")
            .WithSummary("Offers the user can start, and the ones they started.")
            .WithDescription("The offers open to the user's country and platform with their rewards in the app's currency, and the offers the user started.")
            .Produces<ClientSuccess<OfferList>>();
        root.MapGet("/v2/client/offers", ListAsync)
            .WithName("ListOffersV2")
            .WithSummary("Same as /v1/client/offers.")
            .WithDescription("The same list as GET /v1/client/offers, at the path of the vendor's second version.")
            .Produces<ClientSuccess<OfferList>>();
        root.MapPost("/v1/client/offers/{offerId}/start", StartAsync)
            .WithName("StartOffer")
            .WithSummary("Start (or continue) an offer: records the click and returns the tracking link.")
            .WithDescription("One click per user and offer: starting again continues the same click, with the same tx_id.")
            .Produces<ClientSuccess<StartedOffer>>().Produces<ClientError>(StatusCodes.Status404NotFound).Produces<ClientError>(StatusCodes.Status403Forbidden);
        root.MapGet("/v1/client/user/history", HistoryAsync)
            .WithName("ListUserHistory")
            .WithSummary("The offers this user started, most recent activity first.")
            .WithDescription("Each started offer with the user's points so far, pending and in all.")
            .Produces<ClientSuccess<List<HistoryItem>>>();
        root.MapGet("/v1/client/user/history/offers/{offerId}", DetailsAsync)
            .WithName("GetUserOfferDetails")
            .WithSummary("The user's progress in one offer they started (seed 004).")
            .WithDescription("The offer and each of its events (goals): the user's approved, pending and cancelled conversions, and what is left to reach.")
            .Produces<ClientSuccess<OfferDetails>>().Produces<ClientError>(StatusCodes.Status404NotFound);
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
        // A suspended partner's app gets nothing but this (docs/fraud.md); the token's row came with the suspension, no extra query.
        if (partner.SuspendedAt is not null) return Error(StatusCodes.Status403Forbidden, "partner suspended");
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

    private static async Task<IResult> ListAsync([AsParameters] OfferFilters filters, HttpContext http, OfferwallDb db, Promotions promotions, TimeProvider clock,
        IOptions<PublicUrlOptions> urls, CancellationToken ct)
    {
        if (TryAudience(http, filters, out var audience) is { } bad) return ApiErrors.Invalid("filters", bad);
        // click_url: behind a proxy the request's own host is not the one the app reaches, Offerwall:PublicBaseUrl is.
        var baseUrl = urls.Value.BaseUrl(http.Request);
        var prefix = baseUrl + "/v1/client/offers/";
        var list = await OfferCatalog.ListAsync(db, promotions, PartnerOf(http), UserOf(http), audience, prefix, Now(clock), ct);
        return Success(list);
    }

    /// <summary>
    /// The user as offers target them: the country of their address (a trusted proxy's X-Forwarded-For included; <c>country</c> only when
    /// Geo:TrustCountryParameter), and their devices from the User-Agent and the app's hints. Returns the error of a bad hint, else null.
    /// </summary>
    private static string? TryAudience(HttpContext http, OfferFilters filters, out Audience audience)
    {
        audience = null!;
        if (filters.Country is { } asserted && (asserted.Length != 2 || !asserted.All(char.IsAsciiLetter))) return "country must be a 2-letter ISO code";
        if (!DeviceHints.TryParse(filters.Platform, filters.Devices, filters.OsVersion, out var hints, out var error)) return error;
        var geo = http.RequestServices.GetRequiredService<IOptions<GeoOptions>>().Value;
        var country = geo.TrustCountryParameter && filters.Country is { } trusted
            ? trusted.ToUpperInvariant()
            : http.RequestServices.GetRequiredService<CountryLookup>().CountryOf(http.Connection.RemoteIpAddress);
        audience = new Audience(country, Device.Resolve(http.Request.Headers.UserAgent.ToString(), hints));
        return null;
    }

    private static async Task<IResult> HistoryAsync(HttpContext http, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
        Success(await OfferCatalog.HistoryAsync(db, PartnerOf(http), UserOf(http), Now(clock), ct));

    private static async Task<IResult> DetailsAsync([Description("The offer's id (offer_id).")] string offerId, HttpContext http, OfferwallDb db, Promotions promotions,
        TimeProvider clock, CancellationToken ct) =>
        await OfferCatalog.DetailsAsync(db, promotions, PartnerOf(http), UserOf(http), offerId, Now(clock), ct) is { } details
            ? Success(details)
            : ApiErrors.NotFound("offer not found in the user's history");

    private static async Task<IResult> StartAsync([Description("The offer's id (offer_id).")] string offerId, [AsParameters] OfferFilters filters,
        [AsParameters] DeviceParameters device, [AsParameters] LabelParameters labelled, HttpContext http, OfferwallDb db, RuleSettings fraud, TimeProvider clock,
        ILoggerFactory logs, CancellationToken ct)
    {
        if (TryAudience(http, filters, out var audience) is { } bad) return ApiErrors.Invalid("filters", bad);
        if (!DeviceIds.TryParse(device.DeviceId, device.Idfa, device.Gaid, out var devices, out var badDevice)) return ApiErrors.Invalid("device", badDevice!);
        if (!ClickLabels.TryParse(labelled.SubId, labelled.Tags, out var labels, out var badLabel)) return ApiErrors.Invalid("labels", badLabel!);
        var partner = PartnerOf(http);
        var now = Now(clock);
        var offer = await db.Offers.AsNoTracking().Include(o => o.Goals).FirstOrDefaultAsync(o => o.PublicId == offerId && o.IsActive, ct);
        if (offer is null || offer.Kind == OfferKind.Survey && !partner.SurveysEnabled) return ApiErrors.NotFound("offer not found");
        // A known user keeps the spelling of their id first seen (ids are case-insensitive), so the tracking link is the click's.
        // One rule with the list: an offer not open, capped, or (for a new click) not targeting this user is refused, and nothing is written.
        // A user who started already continues their click wherever they are now, as long as the offer runs.
        if (offer.Paused || !Targeting.IsOpen(offer, now)) return Error(StatusCodes.Status403Forbidden, "offer is not running");
        if ((await OfferCaps.StandingsAsync(db, [offer], now, ct)).TryGetValue(offer.Id, out var standing) && standing.Reached)
            return Error(StatusCodes.Status403Forbidden, "offer has reached its cap");
        // The user's row, with their block: a blocked user's start is refused, and nothing is written (docs/fraud.md).
        var user = await PartnerUsers.ByExternalId(db, partner.Id, UserOf(http)).Select(u => new { u.Id, u.ExternalId, Blocked = u.BlockedAt != null })
            .FirstOrDefaultAsync(ct);
        if (user is { Blocked: true }) return Error(StatusCodes.Status403Forbidden, "user is blocked");
        var known = user is null ? null : new OfferCatalog.KnownUser(user.Id, user.ExternalId);
        // Whether the user has a click is asked only of a user the offer does not target: the start itself finds the click.
        if (Targeting.Refusal(offer, audience) is { } refusal
            && (known is null || !await db.Clicks.AnyAsync(c => c.UserId == known.Id && c.OfferId == offer.Id, ct)))
            return Error(StatusCodes.Status403Forbidden, refusal);
        var seen = new StartOffer.Seen(http.Connection.RemoteIpAddress?.ToString() ?? "", http.Request.Headers.UserAgent.ToString(), audience.Country ?? "",
            audience.Devices[0].Platform)
        {
            // What the anonymizer lists and database say of the address, kept on the click (a partner that blocks VPNs refused it already).
            Devices = devices, Anonymizer = http.RequestServices.GetRequiredService<VpnBlocklist>().Detect(http.Connection.RemoteIpAddress), Labels = labels,
        };
        var started = await StartOffer.StartAsync(db, partner, known?.ExternalId ?? UserOf(http), offer, seen, now, ct,
            rules: await fraud.ForAsync(db, partner.Id, offer.Id, ct), user: new StartOffer.LookedUp(known?.Id));
        if (started.Click is not { } click)
        {
            // The fraud rules rejected the start: nothing was written. The user is told no more than that; the operator's log says why.
            logs.CreateLogger(typeof(ClientApi)).LogInformation("Partner {PartnerId}: start of offer {OfferId} refused: {Findings}", partner.Id, offer.PublicId,
                started.Screening.Describe());
            return Error(StatusCodes.Status403Forbidden, "offer start refused");
        }
        return Success(new StartedOffer(offer.PublicId, click.TxId, started.ContinueUrl, IsoUtc.Format(click.CreatedAt)));
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
