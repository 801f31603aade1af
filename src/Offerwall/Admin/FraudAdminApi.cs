using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Offerwall.Conversions;
using Offerwall.Data;
using Offerwall.Fraud;
using Offerwall.Offers;
using Offerwall.Partners;
using Offerwall.Postbacks;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>/admin/fraud/rules (the fraud rules' settings) and /admin/review (the conversions they held or flagged), docs/fraud.md.</summary>
public static class FraudAdminApi
{
    public static void MapFraudAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").RequireAdminToken().WithErrorShape(ProblemDetailsShape.Instance).WithTags("Admin");

        admin.MapGet("/fraud/rules", (OfferwallDb db, RuleSettings settings, CancellationToken ct) => RuleAdmin.ListAsync(db, settings, ct))
            .WithName("AdminListFraudRules")
            .WithSummary("Every fraud rule: what it checks, its setting for everyone (operator's or configuration's), and its settings per partner and per offer.")
            .WithDescription("A rule is checked where its outcome is not off: the offer's setting wins, then the partner's, then everyone's.");
        admin.MapPut("/fraud/rules/{rule}", async ([Description("The rule's name.")] string rule, RuleSettingBody body, OfferwallDb db, RuleSettings settings,
                TimeProvider clock, CancellationToken ct) =>
            {
                if (FraudRule.Find(rule) is not { } known) return ApiErrors.NotFound($"No fraud rule is named {rule}.");
                var (errors, offerId) = await RuleAdmin.ValidateAsync(db, known, body, ct);
                return errors.Count > 0
                    ? ApiErrors.Invalid(errors)
                    : Results.Ok(await RuleAdmin.SetAsync(db, settings, known, body, offerId, clock.GetUtcNow().UtcDateTime, ct));
            })
            .WithName("AdminSetFraudRule")
            .WithSummary("Set a fraud rule for everyone, one partner (partner_id) or one offer (offer_id): its outcome (off, flag, hold, reject) and limit.")
            .WithDescription("Applies at once on this server, within Fraud:Refresh (5 s) on the others. Outcome off turns the rule off there.")
            .Produces<RuleOverrideView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/fraud/rules/{rule}", async ([Description("The rule's name.")] string rule,
                [FromQuery(Name = "partner_id"), Description("The partner whose setting goes (absent: everyone's, or the offer's).")] long? partnerId,
                [FromQuery(Name = "offer_id"), Description("The offer whose setting goes (its offer_id).")] string? offerId,
                OfferwallDb db, RuleSettings settings, CancellationToken ct) =>
            {
                if (FraudRule.Find(rule) is null) return ApiErrors.NotFound($"No fraud rule is named {rule}.");
                long? offer = null;
                if (offerId is not null && (offer = await OfferStates.IdAsync(db, offerId, ct)) is null) return ApiErrors.NotFound("No offer has this offer_id.");
                return await RuleAdmin.RemoveAsync(db, settings, rule, partnerId, offer, ct)
                    ? Results.NoContent()
                    : ApiErrors.NotFound("The rule has no such setting.");
            })
            .WithName("AdminRemoveFraudRule")
            .WithSummary("Remove a fraud rule's setting for everyone, one partner or one offer: the more general one applies again.")
            .WithDescription("404 when there was no such setting.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/review", async ([AsParameters] ReviewFilters filters, OfferwallDb db, CancellationToken ct) =>
            {
                ReviewState? state = filters.State switch
                {
                    null or "" => null,
                    "held" => ReviewState.Held,
                    "flagged" => ReviewState.Flagged,
                    _ => ReviewState.None,
                };
                if (state == ReviewState.None) return ApiErrors.Invalid("state", "The state must be held or flagged.");
                if (filters.Rule is { } rule && FraudRule.Find(rule) is null && rule != Blocking.Rule)
                    return ApiErrors.Invalid("rule", $"No fraud rule is named {rule} (nor is it {Blocking.Rule}).");
                long? offer = null;
                if (filters.OfferId is not null && (offer = await OfferStates.IdAsync(db, filters.OfferId, ct)) is null)
                    return Results.Ok(new List<ReviewItem>());
                return Results.Ok(await ReviewQueue.ListAsync(db, filters.PartnerId, offer, filters.Rule, state, filters.AfterId,
                    filters.Limit ?? ReviewFilters.DefaultLimit, ct));
            })
            .WithName("AdminListReview")
            .WithSummary("The review queue: conversions the fraud rules held or flagged, oldest first, with the rules and figures that put them there.")
            .WithDescription("Filtered by partner, offer, rule and state; paged with after_id.")
            .Produces<List<ReviewItem>>().ProducesValidationProblem();
        admin.MapPost("/review/approve", (ReviewRequest body, OfferwallDb db, DeliverySignal signal, TimeProvider clock, CancellationToken ct) =>
                DecideAsync(body, approve: true, db, signal, clock, ct))
            .WithName("AdminApproveReview")
            .WithSummary("Approve conversions of the review queue: a held one is paid now, a flagged one stays paid. Each leaves the queue.")
            .WithDescription("Each id is decided on its own: the answer lists what became of each, and why one could not be decided.")
            .Produces<ReviewOutcome>().ProducesValidationProblem();
        admin.MapPost("/review/cancel", (ReviewRequest body, OfferwallDb db, DeliverySignal signal, TimeProvider clock, CancellationToken ct) =>
                DecideAsync(body, approve: false, db, signal, clock, ct))
            .WithName("AdminCancelReview")
            .WithSummary("Cancel conversions of the review queue: a held one is never paid, a flagged (paid) one is reversed. Each leaves the queue.")
            .WithDescription("Each id is decided on its own: the answer lists what became of each, and why one could not be decided.")
            .Produces<ReviewOutcome>().ProducesValidationProblem();
    }

    private static async Task<IResult> DecideAsync(ReviewRequest body, bool approve, OfferwallDb db, DeliverySignal signal, TimeProvider clock, CancellationToken ct)
    {
        var note = body.Reason is { Length: > 0 } r ? StoredText.Clean(r[..Math.Min(r.Length, 500)]) : null;
        var items = await ReviewQueue.DecideManyAsync(db, signal, body.Ids!, approve, "operator", note, clock.GetUtcNow().UtcDateTime, ct: ct);
        return Results.Ok(new ReviewOutcome(items.Count(i => i.Decided), items.Count(i => !i.Decided), items));
    }
}
