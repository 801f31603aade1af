using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Offerwall.Clicks;
using Offerwall.Data;
using Offerwall.Partners;

namespace Offerwall.ClientApi;

public sealed record ClientSuccess<T>(T Data, string Status, string TraceId);

public sealed record ClientError(ClientErrorBody Error, string Status, string TraceId);

public sealed record ClientErrorBody(ClientErrorDetails Details);

public sealed record ClientErrorDetails(string Msg, string Http);

public sealed record StartedOffer(string OfferId, string TxId, string ContinueUrl, DateTime StartedAt);

/// <summary>
/// The client API that a partner's app calls for one user (seed 004): headers <c>X-Api-Token</c>
/// (the partner's app token) and <c>X-User-Id</c>; success and error envelopes as the vendor's.
/// </summary>
public static class ClientApi
{
    private const string PartnerItem = "offerwall.client.partner";
    private const string UserItem = "offerwall.client.user";

    public static RouteGroupBuilder MapClientApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/client").WithTags("Client API");
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var token = http.Request.Headers["X-Api-Token"].ToString();
            var db = http.RequestServices.GetRequiredService<OfferwallDb>();
            var partner = token.Length is > 0 and <= 100
                ? await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.AppToken == token, http.RequestAborted)
                : null;
            if (partner is null) return Error(401, "invalid api token");
            var userId = http.Request.Headers["X-User-Id"].ToString();
            if (userId.Length is 0 or > User.MaxIdLength || userId.Any(char.IsControl))
                return Error(400, $"X-User-Id must be 1 to {User.MaxIdLength} printable characters");
            http.Items[PartnerItem] = partner;
            http.Items[UserItem] = userId;
            return await next(context);
        });
        group.MapPost("/offers/{offerId}/start", StartAsync).WithSummary("Start (or continue) an offer: records the click and returns the tracking link.");
        return group;
    }

    private static async Task<IResult> StartAsync(string offerId, HttpContext http, OfferwallDb db, TimeProvider clock, CancellationToken ct)
    {
        var partner = (Partner)http.Items[PartnerItem]!;
        var userId = (string)http.Items[UserItem]!;
        var offer = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.PublicId == offerId && o.IsActive, ct);
        if (offer is null) return Error(404, "offer not found");
        var started = await StartOffer.StartAsync(db, partner, userId, offer, http.Connection.RemoteIpAddress?.ToString() ?? "",
            http.Request.Headers.UserAgent.ToString(), clock.GetUtcNow().UtcDateTime, ct);
        return Success(new StartedOffer(offer.PublicId, started.Click.TxId, started.ContinueUrl, started.Click.CreatedAt));
    }

    public static IResult Success<T>(T data) => TypedResults.Ok(new ClientSuccess<T>(data, "success", TraceId()));

    public static IResult Error(int status, string message) => TypedResults.Json(
        new ClientError(new ClientErrorBody(new ClientErrorDetails(message, $"{status} {ReasonPhrases.GetReasonPhrase(status)}")), "error", TraceId()),
        statusCode: status);

    private static string TraceId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
