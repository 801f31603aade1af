using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Offerwall.Data;
using Offerwall.Web;
using Offerwall.Conversions;
using Offerwall.Partners;
using Offerwall.Offers;
using Offerwall.Postbacks;

namespace Offerwall.Admin;

public sealed record ReasonBody(string? Reason);

/// <summary>A conversion moved by the operator: its transaction id and its status now.</summary>
public sealed record ConversionMoved(long TransactionId, string Status);

/// <summary>How many pending conversions whose hold was over were approved.</summary>
public sealed record ApprovedDue(int Approved);

/// <summary>A rotated credential, shown this once, and until when the one before it still works (null: it stopped at once).</summary>
public sealed record RotatedServerKey(string ServerKey, DateTime? PreviousValidUntil);

public sealed record RotatedAppToken(string AppToken, DateTime? PreviousValidUntil);

public sealed record RotatedPostbackSecret(string PostbackSecret, DateTime? PreviousValidUntil);

public sealed record RotatedSecret(string Secret, DateTime? PreviousValidUntil);

/// <summary>GET /admin/conversions's filters; a value that is not a number is the framework's 400 problem.</summary>
public sealed record ConversionListFilters(
    [property: FromQuery(Name = "partner_id"), Description("Only this partner's conversions (its id).")] long? PartnerId,
    [property: FromQuery(Name = "status"), ParameterSchema(JsonSchemaType.String, Values = ["pending", "approved", "cancelled", "reversed"])]
    [property: Description("Only conversions in this status (any case).")] string? Status,
    [property: FromQuery(Name = "before_id"), Description("Only conversions older than this transaction id: the last id of the page before, to page backwards.")] long? BeforeId,
    [property: FromQuery(Name = "transaction_id"), Description("Only this conversion (its transaction id, as partners see it).")] long? TransactionId,
    [property: FromQuery(Name = "user_id"), Description("Only this user's conversions: the partner's own id of the user (any case); needs partner_id.")] string? UserId,
    [property: FromQuery(Name = "tx_id"), Description("Only the conversions of this click: its tx_id, the click id the advertiser reports back.")] string? TxId,
    [property: FromQuery(Name = "limit"), ParameterSchema(JsonSchemaType.Integer, Format = "int32", Default = ConversionListFilters.DefaultLimit)]
    [property: Description("How many, newest first: 1 to 1000 (a number outside counts as the nearest end).")] int? Limit)
{ public const int DefaultLimit = 100; }

/// <summary>The operator's API under /admin (admin token). Errors are ProblemDetails. The command line calls the same operations.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").RequireAdminToken().WithErrorShape(ProblemDetailsShape.Instance).WithTags("Admin");

        admin.MapGet("/partners", (OfferwallDb db, CancellationToken ct) => PartnerAdmin.ListAsync(db, ct))
            .WithName("AdminListPartners")
            .WithSummary("Every partner (never a key or a secret; the server key's last characters as a hint).")
            .WithDescription("The partners, oldest first, with their settings and app tokens.");
        admin.MapPost("/partners", async (NewPartner body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
            Results.Created((string?)null, await PartnerAdmin.CreateAsync(db, body, Now(clock), ct)))
            .WithName("AdminCreatePartner")
            .WithSummary("Create a partner. The answer holds its server key and postback secret, shown this once.")
            .WithDescription("The server key is stored only hashed: keep it from this answer.")
            .Produces<PartnerCredentials>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapPost("/partners/{id:long}/vpn-blocking", async (long id, VpnBlocking body, OfferwallDb db, CancellationToken ct) =>
            await PartnerAdmin.SetVpnBlockingAsync(db, id, body.BlockVpn, ct) ? Results.Ok(body) : NotFound("partner", id))
            .WithName("AdminSetVpnBlocking")
            .WithSummary("Turn the client API's VPN / proxy / hosting block on or off for a partner's users.")
            .WithDescription("With the block on, the client API answers 406 to the partner's users whose address is on a VPN, proxy or hosting list.")
            .Produces<VpnBlocking>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/partners/{id:long}/rotate-key", (long id, RotationRequest? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                Rotate(body, "partner", id, r => PartnerAdmin.RotateKeyAsync(db, id, r, Now(clock), ct), k => new RotatedServerKey(k.Credential, k.PreviousValidUntil)))
            .WithName("AdminRotateServerKey")
            .WithSummary("Replace a partner's server key; the old key stops working at once, or after grace_hours.")
            .WithDescription("The new key is in this answer only.")
            .Produces<RotatedServerKey>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/partners/{id:long}/rotate-app-token", (long id, RotationRequest? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                Rotate(body, "partner", id, r => PartnerAdmin.RotateAppTokenAsync(db, id, r, Now(clock), ct), k => new RotatedAppToken(k.Credential, k.PreviousValidUntil)))
            .WithName("AdminRotateAppToken")
            .WithSummary("Replace a partner's app token (client API); the old token stops working at once, or after grace_hours.")
            .WithDescription("The app token is public (it is in the wall's URL); rotate it when it is being abused.")
            .Produces<RotatedAppToken>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/partners/{id:long}/rotate-postback-secret", (long id, RotationRequest? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                Rotate(body, "partner", id, r => PartnerAdmin.RotatePostbackSecretAsync(db, id, r, Now(clock), ct),
                    k => new RotatedPostbackSecret(k.Credential, k.PreviousValidUntil)))
            .WithName("AdminRotatePostbackSecret")
            .WithSummary("Replace the secret that signs a partner's postbacks; during grace_hours postbacks are still signed with the old one too.")
            .WithDescription("The new secret is in this answer only.")
            .Produces<RotatedPostbackSecret>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/partners/{id:long}/postback", async (long id, PostbackSettings body, OfferwallDb db, CancellationToken ct) =>
            await PartnerAdmin.SetPostbackAsync(db, id, body, ct) ? Results.Ok(body) : NotFound("partner", id))
            .WithName("AdminSetPostback")
            .WithSummary("Set where and how a partner's postbacks go (URL template, get or standard_webhooks, stateful).")
            .WithDescription("The URL must be public (the SSRF guard refuses private addresses unless Postbacks:AllowPrivateNetworks).")
            .Produces<PostbackSettings>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/advertisers", async (OfferwallDb db, TimeProvider clock, CancellationToken ct) => Results.Ok(await AdvertiserAdmin.ListAsync(db, Now(clock), ct)))
            .WithName("AdminListAdvertisers")
            .WithSummary("Every advertiser (never its secret).")
            .WithDescription("The advertisers, with their allowed addresses and whether those alone authenticate.")
            .Produces<List<AdvertiserView>>();
        admin.MapPost("/advertisers", async (NewAdvertiser body, OfferwallDb db, TimeProvider clock, HttpContext http, IOptions<PublicUrlOptions> urls, CancellationToken ct) =>
            Results.Created((string?)null, await AdvertiserAdmin.CreateAsync(db, body, Now(clock), ct, urls.Value.BaseUrl(http.Request))))
            .WithName("AdminCreateAdvertiser")
            .WithSummary("Create an advertiser. The answer holds its signing secret, shown this once; for an MMP intake profile also its postback token and template.")
            .WithDescription("The advertiser signs its conversion postbacks with this secret (docs/ledger.md), or, with intake_profile appsflyer, adjust, singular, "
                             + "branch, kochava or generic, its MMP calls the template in the answer (docs/integrations.md).")
            .Produces<AdvertiserCreated>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapPost("/advertisers/{id:long}/allowed-ips", async (long id, AdvertiserAddresses body, OfferwallDb db, CancellationToken ct) =>
            await AdvertiserAdmin.SetAddressesAsync(db, id, body, ct) ? Results.Ok(body) : NotFound("advertiser", id))
            .WithName("AdminSetAdvertiserAddresses")
            .WithSummary("Set the addresses an advertiser's postbacks may come from, and whether they alone authenticate (ip_only_auth; off: a signature is required).")
            .WithDescription("IPs and CIDR ranges, comma-separated.")
            .Produces<AdvertiserAddresses>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/advertisers/{id:long}/rotate-secret", (long id, RotationRequest? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                Rotate(body, "advertiser", id, r => AdvertiserAdmin.RotateSecretAsync(db, id, r, Now(clock), ct), k => new RotatedSecret(k.Credential, k.PreviousValidUntil)))
            .WithName("AdminRotateAdvertiserSecret")
            .WithSummary("Replace an advertiser's signing secret; signatures under the old one are accepted for grace_hours more.")
            .WithDescription("The new secret is in this answer only.")
            .Produces<RotatedSecret>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapMmpAdmin();
        admin.MapManagementAdmin();

        admin.MapPost("/offers/import", async (List<OfferSpec> body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
            await OfferAdmin.ValidateAsync(db, body, ct) is { Count: > 0 } errors
                ? ApiErrors.Invalid(errors)
                : Results.Ok(await OfferAdmin.ImportAsync(db, body, Now(clock), ct: ct)))
            .WithName("AdminImportOffers")
            .WithSummary("Create or update offers and their goals from a JSON array (all or nothing).")
            .WithDescription("Offers are matched by id; every error of every offer is named, and then nothing is written.")
            .Produces<ImportResult>().ProducesValidationProblem();

        admin.MapGet("/offers", async (OfferwallDb db, TimeProvider clock, CancellationToken ct) => Results.Ok(await OfferStates.ListAsync(db, Now(clock), ct)))
            .WithName("AdminListOffers")
            .WithSummary("Every offer with its delivery state: budget_status (active, capped, scheduled, paused) and why, caps left and budget spent.")
            .WithDescription("Users see only active offers. Caps count today in the offer's cap time zone and in all; daily ones reset at resets_at.")
            .Produces<List<OfferStateView>>();
        admin.MapGet("/offers/{id}", async ([Description("The offer's id.")] string id, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
            await OfferStates.ShowAsync(db, id, Now(clock), ct) is { } offer ? Results.Ok(offer) : NotFound("offer", id))
            .WithName("AdminShowOffer")
            .WithSummary("One offer's delivery state: budget_status and why, targeting, schedule, caps and budgets with what is used and left.")
            .WithDescription("The offer's own caps and each goal's.")
            .Produces<OfferStateView>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/offers/{id}/pause", ([Description("The offer's id.")] string id, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                SetPausedAsync(db, id, true, Now(clock), ct))
            .WithName("AdminPauseOffer")
            .WithSummary("Pause an offer: it leaves every list and start refuses it, until resumed. A re-import does not resume it.")
            .WithDescription("Conversions of users who started before still arrive and are recorded (caps still apply).")
            .Produces<OfferStateView>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/offers/{id}/resume", ([Description("The offer's id.")] string id, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                SetPausedAsync(db, id, false, Now(clock), ct))
            .WithName("AdminResumeOffer")
            .WithSummary("Resume an offer the operator paused.")
            .WithDescription("It is shown again when its schedule, caps and catalog flag allow (budget_status active).")
            .Produces<OfferStateView>().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/promotions", async (NewPromotion body, OfferwallDb db, Promotions promotions, CancellationToken ct) =>
        {
            if (await OfferAdmin.ValidatePromotionAsync(db, body, ct) is { Count: > 0 } errors) return ApiErrors.Invalid(errors);
            var created = await OfferAdmin.CreatePromotionAsync(db, body, ct);
            promotions.Forget();   // it counts at once on this server (others see it within Promotions.Refresh)
            return Results.Created((string?)null, created);
        })
            .WithName("AdminCreatePromotion")
            .WithSummary("Create a promotion: a reward multiplier and bonus for one offer, one partner, or both, between two instants.")
            .WithDescription("Conversions recorded while the promotion runs get its reward.")
            .Produces<Promotion>(StatusCodes.Status201Created).ProducesValidationProblem();

        admin.MapGet("/conversions", ListConversionsAsync)
            .WithName("AdminListConversions")
            .WithSummary("Conversions of every status, newest first, filtered by partner, status, transaction id, user or click, paged backwards with before_id.")
            .WithDescription("A bad partner_id, before_id, transaction_id or limit (not a number) answers a 400 problem; a bad status, a user_id without "
                             + "partner_id or a user_id or tx_id too long a 400 validation problem. A user or click never seen matches nothing (an empty list).")
            .Produces<List<ConversionView>>().ProducesValidationProblem();
        admin.MapGet("/conversions/{id:long}/history", async (long id, OfferwallDb db, CancellationToken ct) =>
            await ConversionAdmin.HistoryAsync(db, id, ct) is { Count: > 0 } history ? Results.Ok(history) : NotFound("conversion", id))
            .WithName("AdminConversionHistory")
            .WithSummary("Every status a conversion has had: from, to, who and why, oldest first.")
            .WithDescription("The conversion's audit trail (advertiser, operator or the approval job).")
            .Produces<List<ChangeView>>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/conversions/{id:long}/approve", (long id, ReasonBody? body, OfferwallDb db, DeliverySignal signal, TimeProvider clock, CancellationToken ct) =>
            Move(id, "approve", ConversionLifecycle.ApproveAsync(db, signal, id, "operator", Reason(body), Now(clock), ct)))
            .WithName("AdminApproveConversion")
            .WithSummary("Approve a pending conversion now, whatever its hold: it is paid (ledger row and postback).")
            .WithDescription("409 when the conversion is not pending.")
            .Produces<ConversionMoved>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/conversions/{id:long}/cancel", (long id, ReasonBody? body, OfferwallDb db, DeliverySignal signal, TimeProvider clock, CancellationToken ct) =>
            Move(id, "cancel", ConversionLifecycle.CancelAsync(db, signal, id, "operator", Reason(body), Now(clock), ct)))
            .WithName("AdminCancelConversion")
            .WithSummary("Cancel a pending conversion: it is never paid.")
            .WithDescription("409 when the conversion is not pending.")
            .Produces<ConversionMoved>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/conversions/{id:long}/reverse", (long id, ReasonBody? body, OfferwallDb db, DeliverySignal signal, TimeProvider clock, CancellationToken ct) =>
            Move(id, "reverse", ConversionLifecycle.ReverseAsync(db, signal, id, "operator", Reason(body), Now(clock), ct)))
            .WithName("AdminReverseConversion")
            .WithSummary("Reverse an approved conversion: a reversal row in the ledger and a postback take the payment back.")
            .WithDescription("409 when the conversion is not approved.")
            .Produces<ConversionMoved>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/conversions/approve-due", async (OfferwallDb db, DeliverySignal signal, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(new ApprovedDue(await ConversionLifecycle.ApproveDueAsync(db, signal, Now(clock), ct: ct))))
            .WithName("AdminApproveDue")
            .WithSummary("Approve now every pending conversion whose hold period is over (the background job does this on its own).")
            .WithDescription("Answers how many were approved.")
            .Produces<ApprovedDue>();
        admin.MapGet("/conversions/export.csv", ExportAsync)
            .WithName("AdminExportConversions")
            .WithSummary("Ledger rows as CSV, by Eastern days (from_date, to_date: YYYY-MM-DD), optionally for one partner.")
            .WithDescription("RFC 4180 CSV in the Data API's order, streamed; the days default as the Data API's (the last 7).")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapBlockingAdmin();
        return admin;
    }

    private static async Task<IResult> ListConversionsAsync([AsParameters] ConversionListFilters filters, OfferwallDb db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ConversionAdmin.TryParseStatus(filters.Status, out var status)) errors["status"] = ["Status must be pending, approved, cancelled or reversed."];
        if (filters.UserId is { Length: > 0 } user)
        {
            if (filters.PartnerId is null) errors["user_id"] = ["A user id is the partner's own: give partner_id with it."];
            else if (user.Length > Data.User.MaxIdLength) errors["user_id"] = [$"A user id has at most {Data.User.MaxIdLength} characters."];
        }
        if (filters.TxId is { Length: > ConversionSearch.MaxTxIdLength }) errors["tx_id"] = [$"A click's tx_id has at most {ConversionSearch.MaxTxIdLength} characters."];
        if (errors.Count > 0) return ApiErrors.Invalid(errors);
        var search = new ConversionSearch
        {
            PartnerId = filters.PartnerId, Status = status, BeforeId = filters.BeforeId, Limit = filters.Limit ?? ConversionListFilters.DefaultLimit,
            TransactionId = filters.TransactionId, UserId = NullIfEmpty(filters.UserId), TxId = NullIfEmpty(filters.TxId),
        };
        return Results.Ok(await ConversionAdmin.ListAsync(db, search, ct));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static async Task ExportAsync([AsParameters] DayRange days, [AsParameters] PartnerFilter partner, HttpContext http, OfferwallDb db, TimeProvider clock,
        CancellationToken ct)
    {
        var today = EasternTime.Today(Now(clock));
        long? partnerId = null;
        if (partner.PartnerId is { Length: > 0 } p)
        {
            if (!long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) { await Problem(http, "partner_id must be a number."); return; }
            partnerId = id;
        }
        var valid = TryDay(days.FromDate, out var fromDay) & TryDay(days.ToDate, out var toDay);
        var (from, to) = EasternTime.DefaultRange(fromDay, toDay, today);
        if (!valid || from > to)
        {
            await Problem(http, "from_date and to_date must be YYYY-MM-DD days, from_date not after to_date.");
            return;
        }
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"conversions-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        await ConversionAdmin.ExportCsvAsync(db, partnerId, from, to, writer, ct: ct);
    }

    /// <summary>A day as sent: absent or empty is none (the default applies); false when it is not a YYYY-MM-DD day.</summary>
    internal static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!EasternTime.TryParseDay(text, out var d)) return false;
        day = d;
        return true;
    }

    private static Task Problem(HttpContext http, string detail) =>
        Results.Problem(statusCode: 400, title: "Bad request", detail: detail).ExecuteAsync(http);

    private static async Task<IResult> Move(long id, string verb, Task<LifecycleResult> move)
    {
        var result = await move;
        return result.Error switch
        {
            LifecycleError.None => Results.Ok(new ConversionMoved(id, result.Status!.Value.ToString().ToLowerInvariant())),
            LifecycleError.NotFound => NotFound("conversion", id),
            _ => Results.Problem(statusCode: 409, title: "Conflict",
                detail: $"Cannot {verb} conversion {id}: it is {result.Status!.Value.ToString().ToLowerInvariant()}."),
        };
    }

    /// <summary>A credential rotation: the body's grace period checked, then the new credential in the answer (shown this once).</summary>
    // The body (grace_hours) was checked by the framework's validation (RotationRequest.Validate).
    private static async Task<IResult> Rotate(RotationRequest? body, string what, long id, Func<RotationRequest, Task<Rotated?>> rotate, Func<Rotated, object> answer) =>
        await rotate(body ?? new RotationRequest()) is { } rotated ? Results.Ok(answer(rotated)) : NotFound(what, id);

    private static IResult NotFound(string what, object id) => ApiErrors.NotFound($"No {what} has id {id}.");

    private static async Task<IResult> SetPausedAsync(OfferwallDb db, string id, bool paused, DateTime now, CancellationToken ct) =>
        await OfferStates.SetPausedAsync(db, id, paused, ct) && await OfferStates.ShowAsync(db, id, now, ct) is { } offer ? Results.Ok(offer) : NotFound("offer", id);
    // Free text for people: cut to its column, and what the database cannot hold (NUL, a split surrogate pair) replaced.
    private static string Reason(ReasonBody? body) => body?.Reason is { Length: > 0 } r ? StoredText.Clean(r[..Math.Min(r.Length, 1000)]) : "";
    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;
}
