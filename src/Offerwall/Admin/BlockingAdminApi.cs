using System.ComponentModel;
using Offerwall.Data;
using Offerwall.Partners;
using Offerwall.Postbacks;
using Offerwall.Web;

namespace Offerwall.Admin;

/// <summary>
/// Blocking a partner's user and suspending a partner, with their history (docs/fraud.md, "Blocking users and suspending partners").
/// Each action is made only from the other state: blocking a blocked user, or resuming a partner not suspended, answers 409 and writes nothing.
/// </summary>
public static class BlockingAdminApi
{
    private const string UserIdDescription = "The partner's own id of the user (any case; a / in it written %2F).";

    public static void MapBlockingAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/partners/{id:long}").RequireAdminToken().WithErrorShape(ProblemDetailsShape.Instance).WithTags("Admin");

        admin.MapPost("/suspend", ([Description("The partner's id.")] long id, BlockRequest? body, OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                SuspendAsync(db, null, id, suspend: true, body, clock, ct))
            .WithName("AdminSuspendPartner")
            .WithSummary("Suspend a partner: its client API and wall answer 403, its postbacks wait unsent; its Data API still answers.")
            .WithDescription("Advertisers' postbacks for its clicks are still recorded. 409 when it is suspended already.")
            .Produces<PartnerView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/resume", ([Description("The partner's id.")] long id, BlockRequest? body, OfferwallDb db, DeliverySignal signal, TimeProvider clock,
                CancellationToken ct) =>
                SuspendAsync(db, signal, id, suspend: false, body, clock, ct))
            .WithName("AdminResumePartner")
            .WithSummary("Resume a suspended partner: its client API answers again, and the postbacks that waited go out, each once.")
            .WithDescription("409 when it is not suspended.")
            .Produces<PartnerView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/users/{userId}/block", ([Description("The partner's id.")] long id, [Description(UserIdDescription)] string userId, BlockRequest? body,
                OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                BlockAsync(db, id, userId, block: true, body, clock, ct))
            .WithName("AdminBlockUser")
            .WithSummary("Block a partner's user: their starts answer 403, their pending and new conversions are held for review (rule blocked_user).")
            .WithDescription("The answer says how many pending conversions the block held. 404 for a user the partner never sent; 409 when blocked already.")
            .Produces<BlockedUserView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/users/{userId}/unblock", ([Description("The partner's id.")] long id, [Description(UserIdDescription)] string userId, BlockRequest? body,
                OfferwallDb db, TimeProvider clock, CancellationToken ct) =>
                BlockAsync(db, id, userId, block: false, body, clock, ct))
            .WithName("AdminUnblockUser")
            .WithSummary("Unblock a partner's user: they may start offers again. The conversions the block held stay in the review queue.")
            .WithDescription("409 when the user is not blocked.")
            .Produces<BlockedUserView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/history", async ([Description("The partner's id.")] long id, [AsParameters] BlockHistoryFilters filters, OfferwallDb db,
                CancellationToken ct) =>
                await Blocking.HistoryAsync(db, id, filters.UserId is { } u ? UserIdOf(u) : null, filters.BeforeId,
                    filters.Limit ?? BlockHistoryFilters.DefaultLimit, ct) is { } rows
                    ? Results.Ok(rows)
                    : NoPartner(id))
            .WithName("AdminListBlockHistory")
            .WithSummary("A partner's block history, newest first: its suspensions and resumptions, and its users' blocks and unblocks, with who, why, when.")
            .WithDescription("Filtered to one user with user_id; paged with before_id.")
            .Produces<List<BlockChangeView>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> SuspendAsync(OfferwallDb db, DeliverySignal? signal, long id, bool suspend, BlockRequest? body, TimeProvider clock,
        CancellationToken ct)
    {
        var (error, partner) = await Blocking.SuspendAsync(db, id, suspend, body?.Reason, Blocking.ApiActor, clock.GetUtcNow().UtcDateTime, ct);
        // Resumed: the deliveries that waited are due now; this server's worker is woken, the others' find them at their next poll.
        if (error == BlockError.None) signal?.Notify();
        return error switch
        {
            BlockError.None => Results.Ok(partner),
            BlockError.NoPartner => NoPartner(id),
            _ => Conflict(suspend ? $"Partner {id} is suspended already." : $"Partner {id} is not suspended."),
        };
    }

    private static async Task<IResult> BlockAsync(OfferwallDb db, long id, string userId, bool block, BlockRequest? body, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var external = UserIdOf(userId);
        var (error, user) = block
            ? await Blocking.BlockUserAsync(db, id, external, body?.Reason, Blocking.ApiActor, now, ct)
            : await Blocking.UnblockUserAsync(db, id, external, body?.Reason, Blocking.ApiActor, now, ct);
        return error switch
        {
            BlockError.None => Results.Ok(user),
            BlockError.NoPartner => NoPartner(id),
            BlockError.NoUser => ApiErrors.NotFound($"Partner {id} has no user with this id."),
            _ => Conflict(block ? "The user is blocked already." : "The user is not blocked."),
        };
    }

    /// <summary>A user id from the path: the server leaves an encoded slash encoded (%2F), so that is how a / in an id is written.</summary>
    private static string UserIdOf(string segment) => segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static IResult NoPartner(long id) => ApiErrors.NotFound($"No partner has id {id}.");

    private static IResult Conflict(string detail) => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
}
