using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Offerwall.Conversions;
using Offerwall.Data;
using Offerwall.Offers;
using Offerwall.Partners;
using Offerwall.Postbacks;
using Microsoft.Extensions.Options;

namespace Offerwall.Admin;

public sealed record ReasonBody(string? Reason);

/// <summary>The operator's API under /admin (admin token). Errors are ProblemDetails. The command line calls the same operations.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").RequireAdminToken().WithTags("Admin");

        admin.MapGet("/partners", (OfferwallDb db, CancellationToken ct) => PartnerAdmin.ListAsync(db, ct));
        admin.MapPost("/partners", async (NewPartner body, OfferwallDb db, TimeProvider clock, IOptions<PostbackOptions> postbacks, CancellationToken ct) =>
            PartnerAdmin.Validate(body, postbacks.Value.AllowPrivateNetworks) is { Count: > 0 } errors
                ? Results.ValidationProblem(errors)
                : Results.Created((string?)null, await PartnerAdmin.CreateAsync(db, body, Now(clock), ct)))
            .WithSummary("Create a partner. The answer holds its server key and postback secret, shown this once.");
        admin.MapPost("/partners/{id:long}/vpn-blocking", async (long id, VpnBlocking body, OfferwallDb db, CancellationToken ct) =>
            await PartnerAdmin.SetVpnBlockingAsync(db, id, body.BlockVpn, ct) ? Results.Ok(body) : NotFound("partner", id))
            .WithSummary("Turn the client API's VPN / proxy / hosting block on or off for a partner's users.");
        admin.MapPost("/partners/{id:long}/rotate-key", (long id, RotationRequest? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                Rotate(body, "partner", id, r => PartnerAdmin.RotateKeyAsync(db, id, r, Now(clock), ct), k => new { server_key = k.Credential, previous_valid_until = k.PreviousValidUntil }))
            .WithSummary("Replace a partner's server key; the old key stops working at once, or after grace_hours.");
        admin.MapPost("/partners/{id:long}/rotate-app-token", (long id, RotationRequest? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                Rotate(body, "partner", id, r => PartnerAdmin.RotateAppTokenAsync(db, id, r, Now(clock), ct), k => new { app_token = k.Credential, previous_valid_until = k.PreviousValidUntil }))
            .WithSummary("Replace a partner's app token (client API); the old token stops working at once, or after grace_hours.");
        admin.MapPost("/partners/{id:long}/rotate-postback-secret", (long id, RotationRequest? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                Rotate(body, "partner", id, r => PartnerAdmin.RotatePostbackSecretAsync(db, id, r, Now(clock), ct), k => new { postback_secret = k.Credential, previous_valid_until = k.PreviousValidUntil }))
            .WithSummary("Replace the secret that signs a partner's postbacks; during grace_hours postbacks are still signed with the old one too.");

        admin.MapPost("/partners/{id:long}/postback", async (long id, PostbackSettings body, OfferwallDb db, IOptions<PostbackOptions> postbacks, CancellationToken ct) =>
            PartnerAdmin.ValidatePostback(body, postbacks.Value.AllowPrivateNetworks) is { Count: > 0 } errors
                ? Results.ValidationProblem(errors)
                : await PartnerAdmin.SetPostbackAsync(db, id, body, ct) ? Results.Ok(body) : NotFound("partner", id))
            .WithSummary("Set where and how a partner's postbacks go (URL template, get or standard_webhooks, stateful).");

        admin.MapGet("/advertisers", async (OfferwallDb db, TimeProvider clock, CancellationToken ct) => Results.Ok(await AdvertiserAdmin.ListAsync(db, Now(clock), ct)))
            .WithSummary("Every advertiser (never its secret).");
        admin.MapPost("/advertisers", async (NewAdvertiser body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
            AdvertiserAdmin.Validate(body) is { Count: > 0 } errors
                ? Results.ValidationProblem(errors)
                : Results.Created((string?)null, await AdvertiserAdmin.CreateAsync(db, body, Now(clock), ct)))
            .WithSummary("Create an advertiser. The answer holds its signing secret, shown this once.");
        admin.MapPost("/advertisers/{id:long}/allowed-ips", async (long id, AdvertiserAddresses body, OfferwallDb db, CancellationToken ct) =>
            AdvertiserAdmin.ValidateAddresses(body) is { Count: > 0 } errors
                ? Results.ValidationProblem(errors)
                : await AdvertiserAdmin.SetAddressesAsync(db, id, body, ct) ? Results.Ok(body) : NotFound("advertiser", id))
            .WithSummary("Set the addresses an advertiser's postbacks may come from, and whether they alone authenticate (ip_only_auth; off: a signature is required).");
        admin.MapPost("/advertisers/{id:long}/rotate-secret", (long id, RotationRequest? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                Rotate(body, "advertiser", id, r => AdvertiserAdmin.RotateSecretAsync(db, id, r, Now(clock), ct), k => new { secret = k.Credential, previous_valid_until = k.PreviousValidUntil }))
            .WithSummary("Replace an advertiser's signing secret; signatures under the old one are accepted for grace_hours more.");

        admin.MapPost("/offers/import", async (List<OfferSpec> body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
            await OfferAdmin.ValidateAsync(db, body, ct) is { Count: > 0 } errors
                ? Results.ValidationProblem(errors)
                : Results.Ok(await OfferAdmin.ImportAsync(db, body, Now(clock), ct: ct)))
            .WithSummary("Create or update offers and their goals from a JSON array (all or nothing).");

        admin.MapPost("/promotions", async (NewPromotion body, OfferwallDb db, CancellationToken ct) =>
            await OfferAdmin.ValidatePromotionAsync(db, body, ct) is { Count: > 0 } errors
                ? Results.ValidationProblem(errors)
                : Results.Created((string?)null, await OfferAdmin.CreatePromotionAsync(db, body, ct)));

        admin.MapGet("/conversions", async ([FromQuery(Name = "partner_id")] long? partnerId, string? status, [FromQuery(Name = "before_id")] long? beforeId,
            int? limit, OfferwallDb db, CancellationToken ct) =>
            ConversionAdmin.TryParseStatus(status, out var s)
                ? Results.Ok(await ConversionAdmin.ListAsync(db, partnerId, s, beforeId, limit ?? 100, ct))
                : Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Status must be pending, approved, cancelled or reversed."] }));
        admin.MapGet("/conversions/{id:long}/history", async (long id, OfferwallDb db, CancellationToken ct) =>
            await ConversionAdmin.HistoryAsync(db, id, ct) is { Count: > 0 } history ? Results.Ok(history) : NotFound("conversion", id));
        admin.MapPost("/conversions/{id:long}/approve", (long id, ReasonBody? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
            Move(id, "approve", ConversionLifecycle.ApproveAsync(db, id, "operator", Reason(body), Now(clock), ct)));
        admin.MapPost("/conversions/{id:long}/cancel", (long id, ReasonBody? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
            Move(id, "cancel", ConversionLifecycle.CancelAsync(db, id, "operator", Reason(body), Now(clock), ct)));
        admin.MapPost("/conversions/{id:long}/reverse", (long id, ReasonBody? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
            Move(id, "reverse", ConversionLifecycle.ReverseAsync(db, id, "operator", Reason(body), Now(clock), ct)));
        admin.MapPost("/conversions/approve-due", async (OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(new { approved = await ConversionLifecycle.ApproveDueAsync(db, Now(clock), ct: ct) }))
            .WithSummary("Approve now every pending conversion whose hold period is over (the background job does this on its own).");
        admin.MapGet("/conversions/export.csv", ExportAsync)
            .WithSummary("Ledger rows as CSV, by Eastern days (from_date, to_date: YYYY-MM-DD), optionally for one partner.");
        return admin;
    }

    private static async Task ExportAsync(HttpContext http, OfferwallDb db, TimeProvider clock, CancellationToken ct)
    {
        var q = http.Request.Query;
        var today = PartnerApi.EasternTime.Today(Now(clock));
        long? partnerId = null;
        if (q["partner_id"].ToString() is { Length: > 0 } p)
        {
            if (!long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) { await Problem(http, "partner_id must be a number."); return; }
            partnerId = id;
        }
        var valid = TryDay(q["from_date"], out var fromDay) & TryDay(q["to_date"], out var toDay);
        var (from, to) = PartnerApi.EasternTime.DefaultRange(fromDay, toDay, today);
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

    private static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!PartnerApi.EasternTime.TryParseDay(text, out var d)) return false;
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
            LifecycleError.None => Results.Ok(new { transaction_id = id, status = result.Status!.Value.ToString().ToLowerInvariant() }),
            LifecycleError.NotFound => NotFound("conversion", id),
            _ => Results.Problem(statusCode: 409, title: "Conflict",
                detail: $"Cannot {verb} conversion {id}: it is {result.Status!.Value.ToString().ToLowerInvariant()}."),
        };
    }

    /// <summary>A credential rotation: the body's grace period checked, then the new credential in the answer (shown this once).</summary>
    private static async Task<IResult> Rotate(RotationRequest? body, string what, long id, Func<RotationRequest, Task<Rotated?>> rotate, Func<Rotated, object> answer)
    {
        var rotation = body ?? new RotationRequest();
        if (rotation.Validate() is { Count: > 0 } errors) return Results.ValidationProblem(errors);
        return await rotate(rotation) is { } rotated ? Results.Ok(answer(rotated)) : NotFound(what, id);
    }

    private static IResult NotFound(string what, long id) => Results.Problem(statusCode: 404, title: "Not found", detail: $"No {what} has id {id}.");
    // Free text for people: cut to its column, and what the database cannot hold (NUL, a split surrogate pair) replaced.
    private static string Reason(ReasonBody? body) => body?.Reason is { Length: > 0 } r ? StoredText.Clean(r[..Math.Min(r.Length, 1000)]) : "";
    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;
}
