using System.ComponentModel;
using Offerwall.Data;
using Offerwall.Offers;
using Offerwall.Partners;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>The operator's show and edit of one partner or advertiser (docs/ledger.md, "The operator's API").</summary>
public static class ManagementAdminApi
{
    public static RouteGroupBuilder MapManagementAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/partners/{id:long}", async (long id, OfferwallDb db, CancellationToken ct) =>
                await PartnerAdmin.ShowAsync(db, id, ct) is { } partner ? Results.Ok(partner) : NotFound("partner", id))
            .WithName("AdminShowPartner")
            .WithSummary("One partner, as the list shows it (never a key or a secret).")
            .WithDescription("Its settings, app token, server key hint and suspension.")
            .Produces<PartnerView>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPatch("/partners/{id:long}", async (long id, PartnerEdit body, OfferwallDb db, CancellationToken ct) =>
                await PartnerAdmin.EditAsync(db, id, body, ct) is { } partner ? Results.Ok(partner) : NotFound("partner", id))
            .WithName("AdminEditPartner")
            .WithSummary("Change a partner's name, currency_name, currency_ratio, revenue_share or surveys_enabled; a field left out keeps its value.")
            .WithDescription("Checked as at creation (every bad field named, nothing changed). A new ratio or share counts for conversions recorded from now on; "
                             + "those recorded before keep their amounts.")
            .Produces<PartnerView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/advertisers/{id:long}", async (long id, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                await AdvertiserAdmin.ShowAsync(db, id, clock.GetUtcNow().UtcDateTime, ct) is { } advertiser ? Results.Ok(advertiser) : NotFound("advertiser", id))
            .WithName("AdminShowAdvertiser")
            .WithSummary("One advertiser, as the list shows it (never its secret or token).")
            .WithDescription("Its allowed addresses, intake profile, currency and MMP authentication.")
            .Produces<AdvertiserView>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPatch("/advertisers/{id:long}", async (long id, AdvertiserEdit body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                await AdvertiserAdmin.EditAsync(db, id, body, clock.GetUtcNow().UtcDateTime, ct) is { } advertiser ? Results.Ok(advertiser) : NotFound("advertiser", id))
            .WithName("AdminEditAdvertiser")
            .WithSummary("Change an advertiser's name, currency (of its MMP's revenue) or mmp_auth; a field left out keeps its value.")
            .WithDescription("Checked as at creation (every bad field named, nothing changed). Addresses: POST /admin/advertisers/{id}/allowed-ips.")
            .Produces<AdvertiserView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPatch("/offers/{id}", async ([Description("The offer's id.")] string id, OfferEdit body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                await OfferAdmin.EditAsync(db, id, body, ct) switch
                {
                    (false, _) => NotFound("offer", id),
                    (_, { Count: > 0 } errors) => ApiErrors.Invalid(errors),
                    _ => await OfferStates.ShowAsync(db, id, clock.GetUtcNow().UtcDateTime, ct) is { } offer ? Results.Ok(offer) : NotFound("offer", id),
                })
            .WithName("AdminEditOffer")
            .WithSummary("Change an offer's targeting, schedule, caps or over_cap; each group sent replaces that group as an import writes it, the others stay.")
            .WithDescription("Checked by the import's rules (every bad field named, nothing changed). The answer is the offer's delivery state, as "
                             + "GET /admin/offers/{id} gives it. Goals and texts: POST /admin/offers/import.")
            .Produces<OfferStateView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    private static IResult NotFound(string what, object id) => ApiErrors.NotFound($"No {what} has id {id}.");
}
