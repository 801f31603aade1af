using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Options;
using Offerwall.Web;
using Offerwall.Data;
using Offerwall.Postbacks;

namespace Offerwall.Admin;

/// <summary>
/// /admin/postbacks: the partner postback log (<see cref="PostbacksApi"/>) for operators, any partner's,
/// with the admin API's errors (problem details).
/// </summary>
public static class AdminPostbacksApi
{
    public static void MapAdminPostbacks(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/postbacks").RequireAdminToken().WithErrorShape(ProblemDetailsShape.Instance).WithTags("Admin");
        admin.MapGet("", ([AsParameters] DeliveryFilters filters, [AsParameters] PartnerFilter partnerFilter, HttpContext http, OfferwallDb db, TimeProvider clock,
                IOptions<PublicUrlOptions> urls, CancellationToken ct) =>
                PartnerIdFilter(partnerFilter, out var id) ? PostbacksApi.ListAsync(filters, http, db, clock, urls.Value, id, ct) : Task.FromResult<IResult>(InvalidPartnerId))
            .WithName("AdminListPostbacks")
            .WithSummary("Postback deliveries of every partner or one, newest first, with the partner log's filters.")
            .WithDescription("As GET /data/partner/postbacks, for any partner (partner_id) or all of them; errors are problem details.")
            .Produces<DeliveryPage>().ProducesValidationProblem();
        admin.MapGet("/{id:long}", async ([Description("The delivery's id.")] long id, OfferwallDb db, CancellationToken ct) =>
                await PostbacksApi.DetailAsync(db, id, null, ct) is { } d ? Results.Ok(d) : ApiErrors.NotFound("No such delivery or partner."))
            .WithName("AdminGetPostback")
            .WithSummary("One delivery of any partner, with every attempt.")
            .WithDescription("As GET /data/partner/postbacks/{id}, for any partner's delivery.")
            .Produces<DeliveryDetail>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/{id:long}/replay", ([Description("The delivery's id.")] long id, OfferwallDb db, TimeProvider clock, DeliverySignal signal, CancellationToken ct) =>
                PostbacksApi.ReplayAsync(db, signal, id, null, clock, ct))
            .WithName("AdminReplayPostback")
            .WithSummary("Send any partner's delivery again, from the start of the retry ladder.")
            .WithDescription("As POST /data/partner/postbacks/{id}/replay, for any partner's delivery, and never rate-limited.")
            .Produces<ReplayQueued>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/replay", ([AsParameters] DayRange days, [AsParameters] PartnerFilter partnerFilter, OfferwallDb db, TimeProvider clock, DeliverySignal signal,
                CancellationToken ct) =>
                PartnerIdFilter(partnerFilter, out var id) ? PostbacksApi.ReplayDeadAsync(days, db, signal, id, clock, ct) : Task.FromResult<IResult>(InvalidPartnerId))
            .WithName("AdminReplayDeadPostbacks")
            .WithSummary("Send again every dead delivery created in from_date..to_date (Eastern days), of one partner or all.")
            .WithDescription("As POST /data/partner/postbacks/replay, for one partner (partner_id) or all of them.")
            .Produces<DeadReplayed>().ProducesValidationProblem();
        admin.MapPost("/test/{partnerId:long}", async ([Description("The partner's id.")] long partnerId, OfferwallDb db, PostbackSender sender, TimeProvider clock,
                CancellationToken ct) =>
                await PostbacksApi.FindPartnerAsync(db, partnerId, ct) is { } p
                    ? await PostbacksApi.TestAsync(p, sender, clock, ct)
                    : ApiErrors.NotFound("No such delivery or partner."))
            .WithName("AdminTestPostback")
            .WithSummary("Send a test postback to a partner's URL now and show what came back.")
            .WithDescription("As POST /data/partner/postbacks/test, for any partner, and never rate-limited.")
            .Produces<TestPostback>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static ApiError InvalidPartnerId => ApiErrors.Invalid("partner_id", "The partner id field must be an integer.");

    private static bool PartnerIdFilter(PartnerFilter filter, out long? id)
    {
        id = null;
        var text = filter.PartnerId ?? "";
        if (text.Length == 0) return true;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
        id = value;
        return true;
    }
}
