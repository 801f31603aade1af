using Microsoft.Extensions.Options;
using Offerwall.Data;
using Offerwall.Offers;
using Offerwall.Partners;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>The operator's side of MMP intake (docs/integrations.md): token rotation, offers' event maps, currency rates.</summary>
public static class MmpAdminApi
{
    public static RouteGroupBuilder MapMmpAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/advertisers/{id:long}/rotate-token", async (long id, RotationRequest? body, OfferwallDb db, TimeProvider clock, HttpContext http,
                IOptions<PublicUrlOptions> urls, CancellationToken ct) =>
                await AdvertiserAdmin.RotateTokenAsync(db, id, body ?? new RotationRequest(), clock.GetUtcNow().UtcDateTime, urls.Value.BaseUrl(http.Request), ct)
                    is { } rotated ? Results.Ok(rotated) : ApiErrors.NotFound($"No advertiser with an MMP intake profile has id {id}."))
            .WithName("AdminRotateAdvertiserToken")
            .WithSummary("Replace the token of an MMP advertiser's postback URL; the old token is accepted for grace_hours more.")
            .WithDescription("The answer holds the new token and the template to paste into the MMP, shown this once.")
            .Produces<RotatedToken>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/offers/{id}/mmp-events", async (string id, OfferwallDb db, CancellationToken ct) =>
                await MmpEventMap.GetAsync(db, id, ct) is { } map ? Results.Ok(new MmpEventsBody(map)) : ApiErrors.NotFound($"No offer has id {id}."))
            .WithName("AdminGetMmpEvents")
            .WithSummary("An offer's event map: each MMP event name and the goal it reaches.")
            .WithDescription("An install is the reserved name \"install\". Storage and matching: docs/integrations.md.")
            .Produces<MmpEventsBody>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPut("/offers/{id}/mmp-events", async (string id, MmpEventsBody body, OfferwallDb db, CancellationToken ct) =>
                await MmpEventMap.SetAsync(db, id, body, ct) switch
                {
                    ({ } map, _) => Results.Ok(new MmpEventsBody(map)),
                    (_, { } errors) => ApiErrors.Invalid(errors),
                    _ => ApiErrors.NotFound($"No offer has id {id}."),
                })
            .WithName("AdminSetMmpEvents")
            .WithSummary("Replace an offer's event map: MMP event name (\"af_level_10\", an Adjust event token, \"install\") → goal id.")
            .WithDescription("Names match exactly (case counts). A name maps to one goal; a goal may have several names. {} clears the map.")
            .Produces<MmpEventsBody>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/currency-rates", (OfferwallDb db, CancellationToken ct) => CurrencyRates.ListAsync(db, ct))
            .WithName("AdminListCurrencyRates")
            .WithSummary("The exchange rates MMP revenue is converted with (USD per one unit).")
            .WithDescription("USD is always 1 and has no row. Rounding: docs/integrations.md.");
        admin.MapPut("/currency-rates", async (CurrencyRatesBody body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                Results.Ok(await CurrencyRates.SetAsync(db, body, clock.GetUtcNow().UtcDateTime, ct)))
            .WithName("AdminSetCurrencyRates")
            .WithSummary("Set exchange rates: {\"rates\": {\"EUR\": 1.08}} (USD per one unit, above 0, at most 12 decimals).")
            .WithDescription("A rate given again replaces the stored one; the others stay. The answer lists every rate.")
            .Produces<List<CurrencyRateView>>().ProducesValidationProblem();
        return admin;
    }
}
