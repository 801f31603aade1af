using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>
/// One goal of an offer as the operator sees it: what the advertiser pays (<see cref="Payout"/>, USD; for a dynamic goal its default),
/// the user's reward in USD, its kind (flat or dynamic) and type, and its hold before approval.
/// </summary>
public sealed record OfferGoalView(string Id, string Name, int Position, decimal Payout, decimal Reward, string Kind, string Type, int HoldHours,
    int? TimeLimitHours, decimal? CommissionAmount);

/// <summary>GET /admin/offers/{id}/goals: an offer's goals in their order (the console's offer page; caps are in GET /admin/offers/{id}).</summary>
public static class OfferGoalsApi
{
    public static void MapOfferGoals(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/offers").RequireAdminToken().WithErrorShape(ProblemDetailsShape.Instance).WithTags("Admin");
        admin.MapGet("/{id}/goals", async ([Description("The offer's id.")] string id, OfferwallDb db, CancellationToken ct) =>
                await ListAsync(db, id, ct) is { } goals ? Results.Ok(goals) : ApiErrors.NotFound($"No offer has id {id}."))
            .WithName("AdminListOfferGoals")
            .WithSummary("An offer's goals in their order: id, name, the advertiser's payout and the user's reward (USD), kind, type and hold.")
            .WithDescription("Each goal's caps and what is left of them: GET /admin/offers/{id}. Goals are written by POST /admin/offers/import.")
            .Produces<List<OfferGoalView>>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The offer's goals, by position; null when no offer has this id.</summary>
    public static async Task<List<OfferGoalView>?> ListAsync(OfferwallDb db, string offerId, CancellationToken ct)
    {
        if (offerId.Length > Offer.MaxPublicIdLength || await db.Offers.AsNoTracking().Where(o => o.PublicId == offerId).Select(o => (long?)o.Id)
                .FirstOrDefaultAsync(ct) is not { } id)
            return null;
        var goals = await db.Goals.AsNoTracking().Where(g => g.OfferId == id).OrderBy(g => g.Position).ThenBy(g => g.Id).ToListAsync(ct);
        return goals.ConvertAll(g => new OfferGoalView(g.PublicId, g.Name, g.Position, g.Payout, g.Reward, g.Kind.ToString().ToLowerInvariant(),
            System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(g.Type.ToString()), g.HoldHours, g.TimeLimitHours, g.CommissionAmount));
    }
}
