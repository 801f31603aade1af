using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using Offerwall.Data;
using Offerwall.Fraud;
using Offerwall.Offers;
using Offerwall.Partners;
using Offerwall.Postbacks;
using Offerwall.Web;

namespace Offerwall.Conversions;

/// <summary>An MMP postback we read and chose not to record: an event the offer's map does not name (MMPs send every event).</summary>
public sealed record PostbackIgnored(string Status, string Message);

/// <summary>
/// The postback an advertiser's measurement partner (MMP) calls with our template filled with its macros:
/// <c>GET|POST /postbacks/mmp/{advertiser_id}?token=…&amp;…</c>. It authenticates the advertiser (token and/or the MMP's published
/// ranges), reads the MMP's parameters by the advertiser's profile, maps the event name to the offer's goal, converts the revenue to
/// USD, and records the result through the same path as /postbacks/advertiser. Design: docs/integrations.md.
/// </summary>
public static class MmpPostbackApi
{
    public const string Path = "/postbacks/mmp";
    public const string TokenParameter = "token";

    public static readonly SecuredBy.Scheme Token = new("mmpToken", new OpenApiSecurityScheme
    {
        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = TokenParameter,
        Description = "The advertiser's MMP postback token, in the template its creation or rotation answered (docs/integrations.md).",
    });

    public static IServiceCollection AddMmpPostbacks(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<MmpPostbackOptions>().Bind(config.GetSection("MmpPostbacks"));
        services.AddSingleton<MmpRanges>();
        return services;
    }

    public static IEndpointRouteBuilder MapMmpPostbacks(this IEndpointRouteBuilder app)
    {
        Describe(app.MapGet(Path + "/{advertiser_id}", HandleAsync).WithName("ReportMmpConversion"));
        Describe(app.MapPost(Path + "/{advertiser_id}", HandleAsync).WithName("ReportMmpConversionByPost"));
        return app;

        static void Describe(RouteHandlerBuilder endpoint) => endpoint
            .WithTags("Advertiser postbacks")
            .WithSummary("Report an install or in-app event from the advertiser's measurement partner (AppsFlyer, Adjust, Singular, Branch, Kochava, generic).")
            .WithDescription("The MMP fills the template the advertiser's creation answered. The advertiser's profile names the parameters; the offer's event map "
                             + "names the goal; revenue is converted to USD at the operator's rates; a blocked or rejected install or event cancels the conversion "
                             + "(or reverses it if paid) with the MMP's reason. An event the map does not name is acknowledged as ignored. Authentication: the token, "
                             + "and/or the MMP's published source ranges (mmp_auth). Rules and each profile: docs/integrations.md.")
            .WithMetadata(new SecuredBy(Token))
            .DocumentQuery<MmpPostbackQuery>()
            .Produces<PostbackAccepted>()
            .Produces<PostbackIgnored>(202)
            .Produces<PostbackError>(400)
            .Produces<PostbackError>(401)
            .Produces<PostbackError>(404)
            .Produces<PostbackError>(410)
            .Produces<PostbackError>(422)
            .ProducesTooManyRequests(typeof(PostbackError));
    }

    private static async Task<IResult> HandleAsync(string advertiser_id, HttpContext http, OfferwallDb db, Promotions promotions, DeliverySignal signal,
        TimeProvider clock, ILoggerFactory logs, AdvertiserLimits limits, MmpRanges ranges, RuleSettings fraud, GroupCommit group,
        CancellationToken ct)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (limits.PerAddress.Acquire(RateLimits.AddressKey(remote)) is { } wait)
            return TooManyRequests(http, wait, "Too many postbacks from this address: retry after Retry-After seconds.");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in http.Request.Query)
        {
            if (values.Count != 1)
                return AdvertiserPostbackApi.Error(400, "invalid_request", $"{StoredText.Clean(key[..Math.Min(key.Length, 50)])} is given more than once.");
            parameters[key] = values[0] ?? "";
        }
        var now = clock.GetUtcNow().UtcDateTime;

        // Every refusal of authentication answers the same, so that nobody learns which advertiser ids exist.
        var advertiser = long.TryParse(advertiser_id, out var id) && id > 0
            ? await db.Advertisers.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct)
            : null;
        var profile = advertiser is null ? null : MmpProfile.Of(advertiser.IntakeProfile);
        if (advertiser is null || profile is null || Authenticate(advertiser, profile, parameters.GetValueOrDefault(TokenParameter), remote, ranges, now) is not { } by)
            return AdvertiserPostbackApi.Error(401, "invalid_token", "The token is missing or wrong, or the source address is not one this advertiser's postbacks may come from.");
        if (limits.PerAdvertiser.Acquire(advertiser.Id) is { } advertiserWait)
            return TooManyRequests(http, advertiserWait, "Too many postbacks from this advertiser: retry after Retry-After seconds.");
        if (by == "ranges")
            logs.CreateLogger(typeof(MmpPostbackApi)).LogInformation("Advertiser {AdvertiserId}: MMP postback accepted without a token from {Address}",
                advertiser.Id, remote);

        var (mmp, error) = MmpEvent.Read(profile, parameters);
        if (mmp is null)
            return AdvertiserPostbackApi.Error(400, "invalid_request", error!);

        // The click, among this advertiser's offers only, with its offer's goals that have MMP event names: one query.
        var clicked = await db.Clicks.AsNoTracking().Where(c => c.TxId == mmp.ClickId)
            .Join(db.Offers.Where(o => o.AdvertiserId == advertiser.Id), c => c.OfferId, o => o.Id, (c, o) => new
            {
                Goals = o.Goals.Where(g => g.MmpEvents != "").Select(g => new { g.PublicId, g.Kind, g.MmpEvents }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (clicked is null)
            return AdvertiserPostbackApi.Error(404, "unknown_click", "No click of this advertiser's offers has this click id.");
        var goal = mmp.Names.Select(n => clicked.Goals.FirstOrDefault(g => MmpEventMap.Names(g.MmpEvents).Contains(n, StringComparer.Ordinal)))
            .FirstOrDefault(g => g is not null);
        if (goal is null)
            return TypedResults.Json(new PostbackIgnored("ignored", $"The offer's event map names no goal for '{mmp.Names[0]}': nothing recorded."),
                statusCode: StatusCodes.Status202Accepted);

        // Revenue counts only for a dynamic goal (a flat goal pays what it is configured to), so only there does it need a rate.
        decimal? payout = null;
        if (goal.Kind == GoalKind.Dynamic && mmp.Revenue is { } revenue)
        {
            var currency = mmp.Currency ?? advertiser.Currency;
            if (await CurrencyRates.RateAsync(db, currency, ct) is not { } rate)
                return AdvertiserPostbackApi.Error(422, "unknown_currency", $"There is no exchange rate for {currency}: the operator sets it (PUT /admin/currency-rates).");
            payout = CurrencyRates.ToUsd(revenue, rate);
            if (payout > ConversionReport.MaxPayout)
                return AdvertiserPostbackApi.Error(422, "amount_too_large", $"The revenue is {payout} USD, above the most a postback may report ({ConversionReport.MaxPayout}).");
        }

        var report = new ConversionReport(mmp.ClickId, goal.PublicId, mmp.EventId, payout, null, false, null) { Rejection = mmp.Rejection };
        using var span = OfferwallTracing.Source.StartActivity("conversion.record");
        var outcome = await RecordConversion.RecordForAdvertiserAsync(db, promotions, signal, report, advertiser.Id, now, ct, fraud, group);
        span?.SetTag("offerwall.transaction_id", outcome.TransactionId).SetTag("offerwall.outcome", outcome.ErrorCode ?? "ok");
        return outcome.ErrorCode is null
            ? AdvertiserPostbackApi.Accepted(outcome)
            : AdvertiserPostbackApi.Error(outcome.HttpStatus, outcome.ErrorCode, outcome.Message!);
    }

    /// <summary>
    /// "token" or "ranges" (how the postback authenticated), or null (refused). The token is compared by its SHA-256 in constant time,
    /// against the current one and the one before it during its grace. The address is the connection's, or the one a configured proxy
    /// vouches for (Hosting/OfferwallApp.cs): a client's own X-Forwarded-For is never read.
    /// </summary>
    public static string? Authenticate(Advertiser advertiser, MmpProfile profile, string? token, IPAddress? remote, MmpRanges ranges, DateTime now)
    {
        var tokenOk = token is { Length: > 0 and <= 200 } && advertiser.TokenHashesAt(now).Select(h => PartnerKeys.Matches(token, h)).Aggregate(false, (a, b) => a | b);
        var rangeOk = ranges.Contains(profile.Name, remote) || AdvertiserSignature.IsAllowed(advertiser.AllowedIps, remote);
        return advertiser.MmpAuth switch
        {
            "token_and_ranges" => tokenOk && rangeOk ? "token" : null,
            "token_or_ranges" => tokenOk ? "token" : rangeOk ? "ranges" : null,
            _ => tokenOk ? "token" : null,
        };
    }

    private static IResult TooManyRequests(HttpContext http, TimeSpan wait, string message)
    {
        RateLimits.SetRetryAfter(http, wait);
        return AdvertiserPostbackApi.Error(StatusCodes.Status429TooManyRequests, "rate_limited", message);
    }
}
