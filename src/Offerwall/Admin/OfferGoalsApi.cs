using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Offerwall.Data;
using Offerwall.Offers;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>
/// An offer's goals for the operator (the console's offer page, the CLI's `offers goals`): the list, the pause and resume of one goal,
/// and its edit (<see cref="GoalAdmin"/>). Caps left are in GET /admin/offers/{id}.
/// </summary>
public static class OfferGoalsApi
{
    public static void MapOfferGoals(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/offers").RequireAdminToken().WithErrorShape(ProblemDetailsShape.Instance).WithTags("Admin");
        admin.MapGet("/{id}/goals", async ([Description("The offer's id.")] string id, OfferwallDb db, CancellationToken ct) =>
                await GoalAdmin.ListAsync(db, id, ct) is { } goals ? Results.Ok(goals) : ApiErrors.NotFound($"No offer has id {id}."))
            .WithName("AdminListOfferGoals")
            .WithSummary("An offer's goals in their order: id, name, the advertiser's payout and the user's reward (USD), kind, type, hold, caps and paused.")
            .WithDescription("Each goal's caps and what is left of them: GET /admin/offers/{id}. Goals are written by POST /admin/offers/import "
                             + "and edited one by one with PATCH /admin/offers/{id}/goals/{goal_id}.")
            .Produces<List<OfferGoalView>>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/{id}/goals/{goal_id}/pause", ([Description("The offer's id.")] string id, [FromRoute(Name = "goal_id"), Description(GoalIdText)] string goalId,
                OfferwallDb db, CancellationToken ct) => SetPausedAsync(db, id, goalId, true, ct))
            .WithName("AdminPauseOfferGoal")
            .WithSummary("Pause one goal: users are no longer offered it; the offer stays with its other goals. A re-import does not resume it.")
            .WithDescription("An offer whose goals are all paused is paused for users (budget_status paused). Conversions of a paused goal still "
                             + "arrive and are recorded, as a paused offer's do (caps still apply). Pausing a paused goal changes nothing.")
            .Produces<OfferGoalView>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/{id}/goals/{goal_id}/resume", ([Description("The offer's id.")] string id, [FromRoute(Name = "goal_id"), Description(GoalIdText)] string goalId,
                OfferwallDb db, CancellationToken ct) => SetPausedAsync(db, id, goalId, false, ct))
            .WithName("AdminResumeOfferGoal")
            .WithSummary("Resume a goal the operator paused: users are offered it again.")
            .WithDescription("Resuming a goal that is not paused changes nothing.")
            .Produces<OfferGoalView>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPatch("/{id}/goals/{goal_id}", async ([Description("The offer's id.")] string id, [FromRoute(Name = "goal_id"), Description(GoalIdText)] string goalId,
                GoalEdit body, OfferwallDb db, CancellationToken ct) =>
                await GoalAdmin.EditAsync(db, id, goalId, body, ct) switch
                {
                    (null, _) => NotFound(id, goalId),
                    (_, { Count: > 0 } errors) => ApiErrors.Invalid(errors),
                    (var goal, _) => Results.Ok(goal),
                })
            .WithName("AdminEditOfferGoal")
            .WithSummary("Change a goal's name, payout, reward, hold_hours, time_limit_hours (0: the offer's) or caps; a field left out keeps its value.")
            .WithDescription("Checked by the import's rules for goals (every bad field named, nothing changed); caps sent replace the goal's caps. "
                             + "New amounts count for conversions recorded from now on; those recorded before keep theirs. A re-import writes the goal again.")
            .Produces<OfferGoalView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private const string GoalIdText = "The goal's id (goal_id, as postbacks and GET /admin/offers/{id}/goals give it), or its id in the import.";

    private static async Task<IResult> SetPausedAsync(OfferwallDb db, string id, string goalId, bool paused, CancellationToken ct) =>
        await GoalAdmin.SetPausedAsync(db, id, goalId, paused, ct) is { } goal ? Results.Ok(goal) : NotFound(id, goalId);

    private static IResult NotFound(string id, string goalId) => ApiErrors.NotFound($"Offer {id} has no goal {goalId}.");
}
