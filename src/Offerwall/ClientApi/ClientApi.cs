using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.Extensions;
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
    private const string TokenItem = "offerwall.client.token";

    public static IServiceCollection AddClientApi(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ClientApiOptions>().Bind(config.GetSection("ClientApi"))
            .Validate(o => RateLimit.AllValid(o.PerToken, o.PerUser, o.PerAddress, o.UnknownTokens),
                "ClientApi: every rate limit needs a positive PermitLimit and Window.")
            .Validate(o => o.CatalogMaxAge >= TimeSpan.Zero && o.CatalogMaxAge <= TimeSpan.FromHours(1), "ClientApi:CatalogMaxAge must be 0 to 1 hour.")
            .ValidateOnStart();
        services.AddSingleton<ClientLimits>();
        services.AddSingleton<LiveCatalog>();
        services.AddSingleton<PartnerTokens>();
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
        root.MapGet("/v2/client/offers", ListV2Async)
            .WithName("ListOffersV2")
            .WithSummary("The offer list in BitLabs' shape (getOffersV2), with its query.")
            .WithDescription("The offers of GET /v1/client/offers with BitLabs' fields and types: integer id, browser links click_url (records the click, "
                             + "302 to the tracking link) and impression_url, and devices[], in_app, is_game, client_ip, client_user_agent, limit, "
                             + "offer_ids and tags. What each does, and the fields we cannot fill: docs/client-api.md.")
            .Produces<ClientSuccess<V2OfferList>>();
        root.MapGet("/v2/client/offers/{offerId}/click", ClickAsync)
            .WithName("ClickOffer")
            .WithSummary("The v2 list's click_url: records the click (as the POST start) and redirects to the tracking link.")
            .WithDescription("For a browser: the app token and the user id come in the query (token, uid) as in the v2 list's link, not in headers. "
                             + "Every rule of POST /v1/client/offers/{offerId}/start applies; a refusal answers the client API's envelope, and records nothing.")
            .WithMetadata(new SecuredBy(LinkToken, LinkUser), new QueryCredentials())
            .Produces(StatusCodes.Status302Found).Produces<ClientError>(StatusCodes.Status404NotFound);
        root.MapGet("/v2/client/offers/{offerId}/impression", ImpressionAsync)
            .WithName("OfferImpression")
            .WithSummary("The v2 list's impression_url: acknowledges that the offer was shown (204); nothing is counted.")
            .WithDescription("Authenticated like the click link (token and uid in the query). This server keeps no impression counts.")
            .WithMetadata(new SecuredBy(LinkToken, LinkUser), new QueryCredentials())
            .Produces(StatusCodes.Status204NoContent).Produces<ClientError>(StatusCodes.Status404NotFound);
        root.MapPost("/v1/client/offers/{offerId}/start", StartAsync)
            .WithName("StartOffer")
            .WithSummary("Start (or continue) an offer: records the click and returns the tracking link.")
            .WithDescription("One click per user and offer: starting again continues the same click, with the same tx_id.")
            .Produces<ClientSuccess<StartedOffer>>().Produces<ClientError>(StatusCodes.Status404NotFound).Produces<ClientError>(StatusCodes.Status403Forbidden);
        root.MapGet("/v1/client/user/history", UserHistoryAsync)
            .WithName("ListUserHistory")
            .WithSummary("The user's history in BitLabs' shape (OPEN, LEAVE, SCREENOUT, COMPLETE), newest first, with filter.")
            .WithDescription("One COMPLETE (or SCREENOUT for a cancelled one) per conversion, and OPEN or LEAVE for a started offer without conversions. "
                             + "The mapping: docs/client-api.md.")
            .Produces<ClientSuccess<List<HistoryEntry>>>();
        root.MapGet("/v1/client/user/started-offers", StartedOffersAsync)
            .WithName("ListStartedOffers")
            .WithSummary("The offers this user started, most recent activity first (this server's own view; the wall's My offers).")
            .WithDescription("Each started offer with the user's points so far, pending and in all.")
            .Produces<ClientSuccess<List<HistoryItem>>>();
        root.MapGet("/v1/client/user/history/offers/{offerId}", DetailsAsync)
            .WithName("GetUserOfferDetails")
            .WithSummary("The user's progress in one offer they started (seed 004).")
            .WithDescription("The offer and each of its events (goals): the user's approved, pending and cancelled conversions, and what is left to reach.")
            .Produces<ClientSuccess<OfferDetails>>().Produces<ClientError>(StatusCodes.Status404NotFound);
        return root;
    }

    /// <summary>The app token of a browser link (click_url, impression_url), as the OpenAPI document declares it.</summary>
    public static readonly SecuredBy.Scheme LinkToken = new("linkAppToken", new OpenApiSecurityScheme
    {
        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = "token",
        Description = "The partner's app token, in the query of the links the v2 offer list gives (a browser sends no headers).",
    });

    /// <summary>The user of a browser link, as the OpenAPI document declares it.</summary>
    public static readonly SecuredBy.Scheme LinkUser = new("linkUserId", new OpenApiSecurityScheme
    {
        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = "uid",
        Description = "The partner's own id of the user, in the query of the links the v2 offer list gives; the same rules as X-User-Id.",
    });

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // A browser link carries the app token and the user in its query; every other call in the headers.
        var inQuery = http.GetEndpoint()?.Metadata.GetMetadata<QueryCredentials>() is not null;
        var limits = http.RequestServices.GetRequiredService<ClientLimits>();
        var address = RateLimits.AddressKey(http.Connection.RemoteIpAddress);
        if (limits.PerAddress.Acquire(address) is { } wait) return TooManyRequests(http, wait);
        var token = inQuery ? http.Request.Query["token"].ToString() : http.Request.Headers["X-Api-Token"].ToString();
        var db = http.RequestServices.GetRequiredService<OfferwallDb>();
        var partner = token.Length is > 0 and <= 100
            ? await http.RequestServices.GetRequiredService<PartnerTokens>().CurrentAsync(db, token, http.RequestAborted)
              // A token no partner holds now may be one rotated away whose grace period lasts.
              ?? await ByPreviousAppToken.For(db)(db, token, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, http.RequestAborted)
            : null;
        // Every unknown token draws on one allowance: guessing tokens never earns a fresh one.
        if (partner is null)
            return limits.UnknownTokens.Acquire(0) is { } unknownWait ? TooManyRequests(http, unknownWait) : Error(401, "invalid api token");
        var userId = inQuery ? http.Request.Query["uid"].ToString() : http.Request.Headers["X-User-Id"].ToString();
        if (userId.Length is 0 or > User.MaxIdLength || userId.Any(char.IsControl) || userId.Trim().Length != userId.Length)
            return Error(400, $"{(inQuery ? "uid" : "X-User-Id")} must be 1 to {User.MaxIdLength} printable characters");
        if (limits.Admit(partner.Id, userId) is { } userWait) return TooManyRequests(http, userWait);
        // A suspended partner's app gets nothing but this (docs/fraud.md); the token's row came with the suspension, no extra query.
        if (partner.SuspendedAt is not null) return Error(StatusCodes.Status403Forbidden, "partner suspended");
        if (partner.BlockVpn && http.RequestServices.GetRequiredService<VpnBlocklist>().Contains(http.Connection.RemoteIpAddress))
            return Error(406, "vpn detected");
        http.Items[PartnerItem] = partner;
        http.Items[UserItem] = userId;
        http.Items[TokenItem] = token;
        return await next(context);
    }

    private static readonly PerEngine<Func<OfferwallDb, string, DateTime, CancellationToken, Task<Partner?>>> ByPreviousAppToken = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, string token, DateTime now, CancellationToken ct) =>
            db.Partners.AsNoTracking().FirstOrDefault(p => p.PreviousAppToken == token && p.PreviousAppTokenUntil > now)));

    private static Partner PartnerOf(HttpContext http) => (Partner)http.Items[PartnerItem]!;
    private static string UserOf(HttpContext http) => (string)http.Items[UserItem]!;
    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    private static async Task<IResult> ListAsync([AsParameters] OfferFilters filters, HttpContext http, OfferwallDb db, LiveCatalog catalog, Promotions promotions,
        TimeProvider clock, IOptions<PublicUrlOptions> urls, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        if (TryAudience(http, filters, out var audience) is { } bad) return ApiErrors.Invalid("filters", bad);
        // click_url: behind a proxy the request's own host is not the one the app reaches, Offerwall:PublicBaseUrl is.
        var baseUrl = urls.Value.BaseUrl(http.Request);
        var prefix = baseUrl + "/v1/client/offers/";
        var (offers, started) = await OfferCatalog.ListJsonAsync(db, catalog, promotions, PartnerOf(http), UserOf(http), audience, prefix, Now(clock),
            json.Value.SerializerOptions, ct);
        return new WallAnswer(offers, started, TraceId());
    }

    private static async Task<IResult> ListV2Async([AsParameters] OfferFilters filters, [AsParameters] OffersV2Query query, HttpContext http, OfferwallDb db,
        LiveCatalog catalog, Promotions promotions, TimeProvider clock, IOptions<PublicUrlOptions> urls, IOptions<ClientApiOptions> options, CancellationToken ct)
    {
        if (!OffersV2Scope.TryParse(query, out var scope, out var badQuery)) return ApiErrors.Invalid("query", badQuery!);
        filters = filters with { Devices = [.. filters.Devices ?? [], .. query.DevicesArray ?? []] };
        // client_ip decides the country only where the operator trusts it (a holder of the public app token could pick any country).
        var address = options.Value.TrustClientIp ? scope.ClientIp : null;
        if (TryAudience(http, filters, scope.ClientUserAgent, address, out var audience) is { } bad) return ApiErrors.Invalid("filters", bad);
        var partner = PartnerOf(http);
        var listed = await OfferCatalog.SelectAsync(db, catalog, promotions, partner, UserOf(http), audience, scope.Keeps, Now(clock), ct);
        // The links carry the app token and user (a browser sends no headers), the app's device hints (so the click targets as the list
        // did) and the tags, normalized.
        var link = new QueryBuilder { { "token", (string)http.Items[TokenItem]! }, { "uid", UserOf(http) } };
        if (!string.IsNullOrWhiteSpace(filters.Platform)) link.Add("platform", filters.Platform.Trim());
        if (filters.Devices.Any(d => !string.IsNullOrWhiteSpace(d))) link.Add("devices", string.Join(',', filters.Devices.Where(d => !string.IsNullOrWhiteSpace(d))));
        if (!string.IsNullOrWhiteSpace(filters.OsVersion)) link.Add("os_version", filters.OsVersion.Trim());
        if (!string.IsNullOrWhiteSpace(filters.Country)) link.Add("country", filters.Country.Trim());
        if (scope.Tags.Count > 0) link.Add("tags", ClickLabels.Format(scope.Tags));
        var baseUrl = urls.Value.BaseUrl(http.Request);
        var linkQuery = link.ToQueryString().Value!;
        var fresh = listed.Where(l => l.Click is null);
        if (scope.Limit is { } limit && scope.OfferIds is null) fresh = fresh.Take(limit);
        return Success(new V2OfferList(
            [.. fresh.Select(l => OffersV2.Describe(l, partner, baseUrl, linkQuery))],
            [.. listed.Where(l => l.Click is not null).Select(l => OffersV2.Describe(l, partner, baseUrl, linkQuery))]));
    }

    /// <summary>The v2 list's click_url: the start of POST /v1/client/offers/{offerId}/start by the offer's integer id, answered with a redirect.</summary>
    private static async Task<IResult> ClickAsync([Description("The offer's integer id (the v2 list's id).")] string offerId, [AsParameters] OfferFilters filters,
        [AsParameters] DeviceParameters device, [AsParameters] LabelParameters labelled, HttpContext http, OfferwallDb db, LiveCatalog catalog, RuleSettings fraud,
        TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        if (!long.TryParse(offerId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return ApiErrors.NotFound("offer not found");
        var outcome = await OfferStarts.StartAsync(http, db, catalog, fraud, logs, PartnerOf(http), UserOf(http), c => c.ById.GetValueOrDefault(id), filters, device,
            labelled, Now(clock), ct);
        if (outcome.Refusal is { } refused) return refused;
        // The link holds the app token and the user id: the advertiser's page is not told where the user came from, and nothing caches it.
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Redirect(outcome.Started!.ContinueUrl);
    }

    /// <summary>The v2 list's impression_url: acknowledged, not counted.</summary>
    private static IResult ImpressionAsync([Description("The offer's integer id (the v2 list's id).")] string offerId, HttpContext http)
    {
        if (!long.TryParse(offerId, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return ApiErrors.NotFound("offer not found");
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The user as offers target them: the country of their address (a trusted proxy's X-Forwarded-For included; <c>country</c> only when
    /// Geo:TrustCountryParameter), and their devices from the User-Agent and the app's hints. Returns the error of a bad hint, else null.
    /// </summary>
    internal static string? TryAudience(HttpContext http, OfferFilters filters, out Audience audience) => TryAudience(http, filters, null, null, out audience);

    /// <summary>As above, with the User-Agent and the address to read in place of the request's (v2's client_user_agent and a trusted client_ip).</summary>
    internal static string? TryAudience(HttpContext http, OfferFilters filters, string? userAgent, IPAddress? address, out Audience audience)
    {
        audience = null!;
        if (filters.Country is { } asserted && (asserted.Length != 2 || !asserted.All(char.IsAsciiLetter))) return "country must be a 2-letter ISO code";
        if (!DeviceHints.TryParse(filters.Platform, filters.Devices, filters.OsVersion, out var hints, out var error)) return error;
        var geo = http.RequestServices.GetRequiredService<IOptions<GeoOptions>>().Value;
        var country = geo.TrustCountryParameter && filters.Country is { } trusted
            ? trusted.ToUpperInvariant()
            : http.RequestServices.GetRequiredService<CountryLookup>().CountryOf(address ?? http.Connection.RemoteIpAddress);
        audience = new Audience(country, Device.Resolve(userAgent ?? http.Request.Headers.UserAgent.ToString(), hints));
        return null;
    }

    private static async Task<IResult> UserHistoryAsync([AsParameters] HistoryQuery query, HttpContext http, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
        UserHistory.TryKinds(query, out var kinds, out var bad)
            ? Success(await UserHistory.ListAsync(db, PartnerOf(http), UserOf(http), kinds, Now(clock), ct))
            : ApiErrors.Invalid("filter", bad!);

    private static async Task<IResult> StartedOffersAsync(HttpContext http, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
        Success(await OfferCatalog.HistoryAsync(db, PartnerOf(http), UserOf(http), Now(clock), ct));

    private static async Task<IResult> DetailsAsync([Description("The offer's id: its offer_id, or the integer id of the v2 list.")] string offerId, HttpContext http,
        OfferwallDb db, LiveCatalog catalog, Promotions promotions, TimeProvider clock, CancellationToken ct) =>
        await OfferCatalog.DetailsAsync(db, catalog, promotions, PartnerOf(http), UserOf(http), offerId, Now(clock), ct) is { } details
            ? Success(details)
            : ApiErrors.NotFound("offer not found in the user's history");

    private static async Task<IResult> StartAsync([Description("The offer's id (offer_id).")] string offerId, [AsParameters] OfferFilters filters,
        [AsParameters] DeviceParameters device, [AsParameters] LabelParameters labelled, HttpContext http, OfferwallDb db, LiveCatalog catalog, RuleSettings fraud,
        TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var outcome = await OfferStarts.StartAsync(http, db, catalog, fraud, logs, PartnerOf(http), UserOf(http), c => c.ByPublicId.GetValueOrDefault(offerId), filters,
            device, labelled, Now(clock), ct);
        if (outcome.Refusal is { } refused) return refused;
        var (offer, click) = (outcome.Offer!, outcome.Started!.Click!);
        return Success(new StartedOffer(offer.PublicId, click.TxId, outcome.Started.ContinueUrl, IsoUtc.Format(click.CreatedAt)));
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
