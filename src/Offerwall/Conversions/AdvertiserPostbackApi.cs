using Offerwall.Web;
using Offerwall.Postbacks;
using Offerwall.Data;
using Offerwall.Fraud;
using Offerwall.Offers;

namespace Offerwall.Conversions;

public sealed record PostbackAccepted(string Status, long TransactionId, string ConversionStatus, bool Duplicate);

public sealed record PostbackError(string Status, PostbackErrorDetail Error);

public sealed record PostbackErrorDetail(string Code, string Message);

/// <summary>
/// The conversion postback advertisers and attribution networks call (S2S):
/// <c>GET|POST /postbacks/advertiser?tx_id=…&amp;goal_id=…[&amp;event_id=…][&amp;payout=…][&amp;status=…][&amp;reverse=1][&amp;survey_id=…]&amp;signature=…</c>.
/// Shapes and rules: docs/ledger.md.
/// </summary>
public static class AdvertiserPostbackApi
{
    public const string Path = "/postbacks/advertiser";

    public static IServiceCollection AddAdvertiserPostbacks(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AdvertiserPostbackOptions>().Bind(config.GetSection("AdvertiserPostbacks"))
            .Validate(o => RateLimit.AllValid(o.PerAdvertiser, o.PerAddress), "AdvertiserPostbacks: every rate limit needs a positive PermitLimit and Window.")
            .ValidateOnStart();
        services.AddSingleton<AdvertiserLimits>();
        return services;
    }

    public static IEndpointRouteBuilder MapAdvertiserPostbacks(this IEndpointRouteBuilder app)
    {
        // GET and POST alike (the parameters are in the query either way), as two operations with their own ids.
        Describe(app.MapGet(Path, HandleAsync).WithName("ReportConversion"));
        Describe(app.MapPost(Path, HandleAsync).WithName("ReportConversionByPost"));
        return app;

        static void Describe(RouteHandlerBuilder endpoint) => endpoint
            .WithTags("Advertiser postbacks")
            .WithSummary("Report a conversion (or its approval, cancellation or reversal) for a click.")
            .WithDescription("Server to server, signed with the advertiser's secret (the signature parameter), or from an allowlisted address for "
                             + "advertisers on IP-only authentication. A repeated report is acknowledged and writes nothing. Rules: docs/ledger.md.")
            .DocumentQuery<AdvertiserPostbackQuery>()
            .Produces<PostbackAccepted>()
            .Produces<PostbackError>(400)
            .Produces<PostbackError>(401)
            .Produces<PostbackError>(404)
            .Produces<PostbackError>(410)
            .Produces<PostbackError>(422)
            .ProducesTooManyRequests(typeof(PostbackError));
    }

    private static async Task<IResult> HandleAsync(HttpContext http, OfferwallDb db, Promotions promotions, DeliverySignal signal,
        TimeProvider clock, ILoggerFactory logs, AdvertiserLimits limits, RuleSettings fraud, GroupCommit group, CancellationToken ct)
    {
        if (limits.PerAddress.Acquire(RateLimits.AddressKey(http.Connection.RemoteIpAddress)) is { } wait)
            return TooManyRequests(http, wait, "Too many postbacks from this address: retry after Retry-After seconds.");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in http.Request.Query)
        {
            if (values.Count != 1)
                return Error(400, "invalid_request", $"{key} is given more than once.");
            parameters[key] = values[0] ?? "";
        }
        var query = AdvertiserPostbackQuery.Of(parameters);
        var (report, error) = ConversionReport.Parse(query);
        if (report is null)
            return Error(400, "invalid_request", error!);

        // The ledger write's span (traces on): the partner postback it queues continues this trace.
        using var span = OfferwallTracing.Source.StartActivity("conversion.record");
        var outcome = await RecordConversion.RecordAsync(db, promotions, signal, report, parameters, query.Signature,
            http.Connection.RemoteIpAddress, clock.GetUtcNow().UtcDateTime, ct, limits.PerAdvertiser.Acquire, fraud, group);
        span?.SetTag("offerwall.transaction_id", outcome.TransactionId).SetTag("offerwall.outcome", outcome.ErrorCode ?? "ok");
        if (outcome.IpOnlyAdvertiserId is { } advertiserId)
            logs.CreateLogger(typeof(AdvertiserPostbackApi)).LogInformation(
                "Advertiser {AdvertiserId}: unsigned postback accepted on IP-only authentication from {Address} (tx_id {TxId}, goal_id {GoalId}): answered {Status}",
                advertiserId, http.Connection.RemoteIpAddress, report.TxId, report.GoalId, outcome.HttpStatus);
        if (outcome.RetryAfter is { } advertiserWait)
            return TooManyRequests(http, advertiserWait, outcome.Message!);
        return outcome.ErrorCode is null
            ? Accepted(outcome)
            : Error(outcome.HttpStatus, outcome.ErrorCode, outcome.Message!);
    }

    private static IResult TooManyRequests(HttpContext http, TimeSpan wait, string message)
    {
        RateLimits.SetRetryAfter(http, wait);
        return Error(StatusCodes.Status429TooManyRequests, "rate_limited", message);
    }

    /// <summary>A refused postback, in the postback API's error shape, counted by its code (<see cref="OfferwallMetrics"/>).</summary>
    public static IResult Error(int status, string code, string message)
    {
        OfferwallMetrics.PostbackRefused(code);
        return TypedResults.Json(new PostbackError("error", new PostbackErrorDetail(code, message)), statusCode: status);
    }

    /// <summary>An accepted postback (a repeat too), counted.</summary>
    public static IResult Accepted(RecordOutcome outcome)
    {
        OfferwallMetrics.PostbackAccepted(outcome.Duplicate);
        return TypedResults.Ok(new PostbackAccepted("ok", outcome.TransactionId!.Value, outcome.Status!.Value.ToString().ToLowerInvariant(), outcome.Duplicate));
    }
}
