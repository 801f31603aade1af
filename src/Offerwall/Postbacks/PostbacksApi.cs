using System.ComponentModel;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Offerwall.Data;
using Offerwall.Web;
using Offerwall.Partners;
using Offerwall.Offers;

namespace Offerwall.Postbacks;

public sealed record DeliveryRow(long Id, long TransactionId, int Reverse, string Event, string Status, int Attempts, string? NextAttemptAt,
    string CreatedAt, string? DeliveredAt);

public sealed record AttemptRow(string At, string Url, int? StatusCode, int LatencyMs, string Response);

public sealed record DeliveryDetail(DeliveryRow Delivery, IReadOnlyList<AttemptRow> Attempts);

public sealed record DeliveryPage(IReadOnlyList<DeliveryRow> Data, PageLinks Links, PageMeta Meta);

public sealed record TestPostback(bool Success, string Url, int? StatusCode, int LatencyMs, string Response);

/// <summary>A delivery queued again: its id, and its state now.</summary>
public sealed record ReplayQueued(long Id, string Status);

/// <summary>How many dead deliveries were queued again.</summary>
public sealed record DeadReplayed(int Replayed);

/// <summary>
/// Postback deliveries for partners (under /data/partner/postbacks, partner key, Laravel shapes
/// like the Data API); the same for operators is <c>Admin/AdminPostbacksApi.cs</c>. Shared queries here;
/// the worker is <see cref="PostbackWorker"/>.
/// </summary>
public static class PostbacksApi
{
    public static IServiceCollection AddPostbacks(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<PostbackOptions>().Bind(config.GetSection("Postbacks"))
            .Validate(o => o.Ladder.All(t => t > TimeSpan.Zero) && o.Timeout > TimeSpan.Zero && o.Lease > o.Timeout && o.BatchSize > 0 && o.Concurrency > 0
                           && o.PartnerConcurrency > 0,
                "Postbacks: retry waits and timeout must be positive, the lease longer than the timeout, batch size and concurrencies positive.")
            .ValidateOnStart();
        services.AddSingleton(sp => new PrivateNetworkPolicy(sp.GetRequiredService<IOptions<PostbackOptions>>().Value.AllowPrivateNetworks));
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<PostbackSender>();
        PostbackSender.AddPostbackHttpClient(services);
        services.AddSingleton<PostbackHeartbeat>();
        services.AddSingleton<PostbackWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<PostbackWorker>());
        return services;
    }

    public static void MapPartnerPostbacks(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/data/partner/postbacks").RequirePartnerKey().WithTags("Partner postbacks");
        partner.MapGet("", ([AsParameters] DeliveryFilters filters, HttpContext http, OfferwallDb db, TimeProvider clock, IOptions<PublicUrlOptions> urls, CancellationToken ct) =>
                ListAsync(filters, http, db, clock, urls.Value, http.Partner().Id, ct))
            .WithName("ListPostbacks")
            .WithSummary("The partner's postback deliveries, newest first, filtered by status, dates and transaction_id.")
            .WithDescription("Deliveries created in the US Eastern days from_date to_date (default: the last 7), Laravel-paginated like the Data API.")
            .Produces<DeliveryPage>().Produces<LaravelValidationError>(StatusCodes.Status422UnprocessableEntity);
        partner.MapGet("/{id:long}", async ([Description("The delivery's id.")] long id, HttpContext http, OfferwallDb db, CancellationToken ct) =>
                await DetailAsync(db, id, http.Partner().Id, ct) is { } d ? Results.Ok(d) : ApiErrors.NotFound("No such delivery."))
            .WithName("GetPostback")
            .WithSummary("One delivery with every attempt.")
            .WithDescription("The delivery and each attempt to send it: when, to which URL, the answer's status, latency and first kilobyte.")
            .Produces<DeliveryDetail>().Produces<LaravelMessage>(StatusCodes.Status404NotFound);
        partner.MapPost("/{id:long}/replay", PartnerReplayAsync)
            .WithName("ReplayPostback")
            .WithSummary("Send a delivery again (from the start of the retry ladder). Replays of delivered ones are rate-limited.")
            .WithDescription("Queues the delivery at once, whatever its state. Replays of deliveries already delivered count against PartnerApi:DeliveredReplays.")
            .Produces<ReplayQueued>().Produces<LaravelMessage>(StatusCodes.Status404NotFound);
        partner.MapPost("/replay", ([AsParameters] DayRange days, HttpContext http, OfferwallDb db, TimeProvider clock, DeliverySignal signal, CancellationToken ct) =>
                ReplayDeadAsync(days, db, signal, http.Partner().Id, clock, ct))
            .WithName("ReplayDeadPostbacks")
            .WithSummary("Send again every dead delivery created in from_date..to_date (Eastern days).")
            .WithDescription("Every delivery of the partner that ran out of retries in those days goes back to the start of the retry ladder.")
            .Produces<DeadReplayed>().Produces<LaravelValidationError>(StatusCodes.Status422UnprocessableEntity);
        partner.MapPost("/test", (HttpContext http, PostbackSender sender, TimeProvider clock, PartnerLimits limits, CancellationToken ct) =>
                limits.TestPostbacks.Acquire(http.Partner().Id) is { } wait
                    ? Task.FromResult(PartnerLimits.TooManyAttempts(http, wait))
                    : TestAsync(http.Partner(), sender, clock, ct))
            .WithName("TestPostback")
            .WithSummary("Send a test postback to the partner's URL now and show what came back (rate-limited).")
            .WithDescription("A postback with sample values (status=test, transaction_id=0), signed like the real ones, sent at once and not stored. " +
                "422 when the partner has no postback URL.")
            .Produces<TestPostback>().Produces<LaravelValidationError>(StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>A delivery as the APIs show it.</summary>
    public static DeliveryRow Row(PostbackDelivery d) => new(d.Id, d.ConversionId, d.Reverse ? 1 : 0, d.Event, d.Status.ToString().ToLowerInvariant(),
        d.Attempts, d.Status == DeliveryStatus.Pending ? IsoUtc.Format(d.NextAttemptAt) : null, IsoUtc.Format(d.CreatedAt), d.DeliveredAt is { } at ? IsoUtc.Format(at) : null);

    public static async Task<IResult> ListAsync(DeliveryFilters q, HttpContext http, OfferwallDb db, TimeProvider clock, PublicUrlOptions urls, long? partnerId,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var today = EasternTime.Today(clock.GetUtcNow().UtcDateTime);
        DateOnly? Day(string field, string? text)
        {
            text ??= "";
            if (text.Length == 0) return null;
            if (EasternTime.TryParseDay(text, out var d)) return d;
            errors[field] = [$"The {field.Replace('_', ' ')} field must match the format Y-m-d."];
            return null;
        }
        int Int(string field, string? text, int fallback, int min, int max)
        {
            text ??= "";
            if (text.Length == 0) return fallback;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
            errors[field] = [max == int.MaxValue
                ? $"The {field.Replace('_', ' ')} field must be at least {min}."
                : $"The {field.Replace('_', ' ')} field must be between {min} and {max}."];
            return fallback;
        }
        var (from, to) = EasternTime.DefaultRange(Day("from_date", q.FromDate), Day("to_date", q.ToDate), today);
        if (!errors.ContainsKey("from_date") && !errors.ContainsKey("to_date") && from > to)
            errors["from_date"] = ["The from date field must be a date before or equal to to date."];
        if (!TryParseStatus(q.Status ?? "", out var status)) errors["status"] = ["The selected status is invalid."];
        long? transactionId = null;
        if (q.TransactionId is { Length: > 0 } tx)
        {
            if (long.TryParse(tx, NumberStyles.None, CultureInfo.InvariantCulture, out var t)) transactionId = t;
            else errors["transaction_id"] = ["The transaction id field must be an integer."];
        }
        var perPage = Int("per_page", q.PerPage, DeliveryFilters.DefaultPerPage, 1, DeliveryFilters.MaxPerPage);
        var page = Int("page", q.Page, 1, 1, int.MaxValue);
        if (errors.Count > 0)
            return ApiErrors.Invalid(errors);

        var (fromUtc, toUtc) = EasternTime.Range(from, to);
        var (data, total) = await QueryAsync(db, partnerId, status, fromUtc, toUtc, transactionId, (long)(page - 1) * perPage, perPage, ct);
        var path = urls.BaseUrl(http.Request) + http.Request.Path;
        var (links, meta) = LaravelPage.Build(total, perPage, page, data.Count, path, LaravelPage.OtherQuery(http.Request.QueryString.Value));
        return Results.Ok(new DeliveryPage(data.ConvertAll(Row), links, meta));
    }

    /// <summary>A status filter as the APIs and the command line take it: empty (any), pending, delivered or dead.</summary>
    public static bool TryParseStatus(string? text, out DeliveryStatus? status)
    {
        status = text switch
        {
            "pending" => DeliveryStatus.Pending, "delivered" => DeliveryStatus.Delivered, "dead" => DeliveryStatus.Dead, _ => null,
        };
        return status is not null || string.IsNullOrEmpty(text);
    }

    /// <summary>
    /// Deliveries created in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), newest first, of one
    /// partner or all, optionally of one status and one transaction: the page from <paramref name="skip"/>
    /// (at most <paramref name="take"/>) and how many match in all.
    /// </summary>
    public static async Task<(List<PostbackDelivery> Rows, long Total)> QueryAsync(OfferwallDb db, long? partnerId, DeliveryStatus? status,
        DateTime fromUtc, DateTime toUtc, long? transactionId, long skip, int take, CancellationToken ct)
    {
        var rows = db.PostbackDeliveries.AsNoTracking().Where(d => d.CreatedAt >= fromUtc && d.CreatedAt < toUtc);
        if (partnerId is not null) rows = rows.Where(d => d.PartnerId == partnerId);
        if (status is not null) rows = rows.Where(d => d.Status == status);
        if (transactionId is not null) rows = rows.Where(d => d.ConversionId == transactionId);
        var total = await rows.LongCountAsync(ct);
        var data = skip >= total ? [] : await rows.OrderByDescending(d => d.Id).Skip((int)skip).Take(take).ToListAsync(ct);
        return (data, total);
    }

    public static async Task<DeliveryDetail?> DetailAsync(OfferwallDb db, long id, long? partnerId, CancellationToken ct)
    {
        var delivery = await db.PostbackDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && (partnerId == null || d.PartnerId == partnerId), ct);
        if (delivery is null) return null;
        var attempts = await db.PostbackAttempts.AsNoTracking().Where(a => a.DeliveryId == id).OrderBy(a => a.Id).ToListAsync(ct);
        return new DeliveryDetail(Row(delivery), attempts.ConvertAll(a => new AttemptRow(IsoUtc.Format(a.At), a.Url, a.StatusCode, a.LatencyMs, a.Response)));
    }

    public static async Task<IResult> ReplayAsync(OfferwallDb db, DeliverySignal signal, long id, long? partnerId, TimeProvider clock, CancellationToken ct)
    {
        if (!await DeliveryQueue.ReplayAsync(db, id, partnerId, clock.GetUtcNow().UtcDateTime, ct)) return ApiErrors.NotFound("No such delivery or partner.");
        signal.Notify();
        return Results.Ok(new ReplayQueued(id, "pending"));
    }

    /// <summary>
    /// A partner's replay. Replaying a delivery that was delivered sends the partner's server a postback
    /// it already has, which a partner could repeat without end: limited per partner
    /// (PartnerApi:DeliveredReplays). Pending and dead ones are what replays are for, and are not.
    /// </summary>
    private static async Task<IResult> PartnerReplayAsync([Description("The delivery's id.")] long id, HttpContext http, OfferwallDb db, TimeProvider clock, DeliverySignal signal,
        PartnerLimits limits, CancellationToken ct)
    {
        var partnerId = http.Partner().Id;
        var status = await db.PostbackDeliveries.AsNoTracking().Where(d => d.Id == id && d.PartnerId == partnerId)
            .Select(d => (DeliveryStatus?)d.Status).FirstOrDefaultAsync(ct);
        if (status is null) return ApiErrors.NotFound("No such delivery.");
        if (status == DeliveryStatus.Delivered && limits.DeliveredReplays.Acquire(partnerId) is { } wait)
            return PartnerLimits.TooManyAttempts(http, wait);
        return await ReplayAsync(db, signal, id, partnerId, clock, ct);
    }

    public static async Task<IResult> ReplayDeadAsync(DayRange days, OfferwallDb db, DeliverySignal signal, long? partnerId, TimeProvider clock, CancellationToken ct)
    {
        var today = EasternTime.Today(clock.GetUtcNow().UtcDateTime);
        static bool TryDay(string? text, out DateOnly? day)
        {
            day = null;
            if (string.IsNullOrEmpty(text)) return true;
            if (!EasternTime.TryParseDay(text, out var d)) return false;
            day = d;
            return true;
        }
        if (!TryDay(days.FromDate, out var fromDay)) return ApiErrors.Invalid("from_date", "The from date field must match the format Y-m-d.");
        if (!TryDay(days.ToDate, out var toDay)) return ApiErrors.Invalid("to_date", "The to date field must match the format Y-m-d.");
        var (from, to) = EasternTime.DefaultRange(fromDay, toDay, today);
        if (from > to) return ApiErrors.Invalid("from_date", "The from date field must be a date before or equal to to date.");
        var (fromUtc, toUtc) = EasternTime.Range(from, to);
        var replayed = await DeliveryQueue.ReplayDeadAsync(db, partnerId, fromUtc, toUtc, clock.GetUtcNow().UtcDateTime, ct);
        if (replayed > 0) signal.Notify();
        return Results.Ok(new DeadReplayed(replayed));
    }

    public static Task<Partner?> FindPartnerAsync(OfferwallDb db, long partnerId, CancellationToken ct) =>
        db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct);

    /// <summary>A postback with sample values, sent at once and not stored, so a partner can check its endpoint and signature check.</summary>
    public static async Task<IResult> TestAsync(Partner partner, PostbackSender sender, TimeProvider clock, CancellationToken ct) =>
        await SendTestAsync(partner, sender, clock, ct) is { } sent ? Results.Ok(sent) : ApiErrors.Invalid("postback_url", "The partner has no postback URL.");

    /// <summary>Builds the sample postback (status=test, transaction_id=0) and sends it now; null when the partner has no postback URL.</summary>
    public static async Task<TestPostback?> SendTestAsync(Partner partner, PostbackSender sender, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(partner.PostbackUrl)) return null;
        var now = clock.GetUtcNow();
        var values = new Dictionary<string, string>
        {
            ["user_id"] = "test-user", ["transaction_id"] = "0", ["reward"] = "1",
            ["reward_local_currency"] = Money.Normalize(Rewards.Local(1m, partner.CurrencyRatio)).ToString(CultureInfo.InvariantCulture),
            ["payout"] = "0.5", ["offer_id"] = "test", ["offer_name"] = "Test offer", ["goal_id"] = "test_0", ["note"] = "Test postback", ["reverse"] = "0",
            ["type"] = "offer", ["survey_id"] = "", ["date_time"] = EasternTime.Format(now.UtcDateTime), ["status"] = "test", ["delivery_id"] = "0",
        };
        var result = await sender.SendAsync(PostbackSender.Render(partner, values, 0, now, newSecretOnly: true), ct);
        return new TestPostback(result.Success, result.Url, result.StatusCode, result.LatencyMs, result.Response);
    }
}
