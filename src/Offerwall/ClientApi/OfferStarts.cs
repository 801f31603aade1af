using Microsoft.EntityFrameworkCore;
using Offerwall.Clicks;
using Offerwall.Data;
using Offerwall.Fraud;
using Offerwall.Offers;
using Offerwall.Web;

namespace Offerwall.ClientApi;

/// <summary>
/// The start of an offer by the client API's user, shared by <c>POST /v1/client/offers/{offerId}/start</c> and the browser link
/// <c>GET /v2/client/offers/{id}/click</c>: one set of rules for both. The caller has authenticated the app and the user (app token,
/// user id, rate limits, suspended partner, VPN: the client API's entrance filter); here the start's parameters are checked (the
/// audience, device ids, sub_id and tags: 400), the offer must exist and run, be under its caps and target the user (unless they
/// started it already), the user must not be blocked, and the fraud rules must accept a new click. A refusal writes nothing.
/// </summary>
public static class OfferStarts
{
    /// <summary>The started click with its tracking link and offer; or the refusal, as the client API's envelope.</summary>
    public sealed record Outcome(Offer? Offer, StartOffer.Started? Started, IResult? Refusal);

    public static async Task<Outcome> StartAsync(HttpContext http, OfferwallDb db, LiveCatalog catalog, RuleSettings fraud, ILoggerFactory logs, Partner partner,
        string userId, Func<LiveCatalog.Snapshot, Offer?> which, OfferFilters filters, DeviceParameters device, LabelParameters labelled, DateTime now, CancellationToken ct)
    {
        if (ClientApi.TryAudience(http, filters, out var audience) is { } bad) return Refused(ApiErrors.Invalid("filters", bad));
        if (!DeviceIds.TryParse(device.DeviceId, device.Idfa, device.Gaid, out var devices, out var badDevice)) return Refused(ApiErrors.Invalid("device", badDevice!));
        if (!ClickLabels.TryParse(labelled.SubId, labelled.Tags, out var labels, out var badLabel)) return Refused(ApiErrors.Invalid("labels", badLabel!));
        // The active offer, from the catalog held in memory.
        var offer = which(await catalog.GetAsync(db, ct));
        if (offer is null || offer.Kind == OfferKind.Survey && !partner.SurveysEnabled) return Refused(ApiErrors.NotFound("offer not found"));
        // A known user keeps the spelling of their id first seen (ids are case-insensitive), so the tracking link is the click's.
        // One rule with the list: an offer not open, capped, or (for a new click) not targeting this user is refused, and nothing is written.
        // A user who started already continues their click wherever they are now, as long as the offer runs.
        if (Targeting.IsPaused(offer) || !Targeting.IsOpen(offer, now)) return Refused(ClientApi.Error(StatusCodes.Status403Forbidden, "offer is not running"));
        if ((await OfferCaps.StandingsAsync(db, [offer], now, ct)).TryGetValue(offer.Id, out var standing) && standing.Reached)
            return Refused(ClientApi.Error(StatusCodes.Status403Forbidden, "offer has reached its cap"));
        // The user's row, with their block: a blocked user's start is refused, and nothing is written (docs/fraud.md).
        var user = await PartnerUsers.ByExternalId(db, partner.Id, userId).Select(u => new { u.Id, u.ExternalId, Blocked = u.BlockedAt != null })
            .FirstOrDefaultAsync(ct);
        if (user is { Blocked: true }) return Refused(ClientApi.Error(StatusCodes.Status403Forbidden, "user is blocked"));
        var known = user is null ? null : new OfferCatalog.KnownUser(user.Id, user.ExternalId);
        // Whether the user has a click is asked only of a user the offer does not target: the start itself finds the click.
        if (Targeting.Refusal(offer, audience) is { } refusal
            && (known is null || !await db.Clicks.AnyAsync(c => c.UserId == known.Id && c.OfferId == offer.Id, ct)))
            return Refused(ClientApi.Error(StatusCodes.Status403Forbidden, refusal));
        var seen = new StartOffer.Seen(http.Connection.RemoteIpAddress?.ToString() ?? "", http.Request.Headers.UserAgent.ToString(), audience.Country ?? "",
            audience.Devices[0].Platform)
        {
            // What the anonymizer lists and database say of the address, kept on the click (a partner that blocks VPNs refused it already).
            Devices = devices, Anonymizer = http.RequestServices.GetRequiredService<VpnBlocklist>().Detect(http.Connection.RemoteIpAddress), Labels = labels,
        };
        var started = await StartOffer.StartAsync(db, partner, known?.ExternalId ?? userId, offer, seen, now, ct,
            rules: await fraud.ForAsync(db, partner.Id, offer.Id, ct), user: new StartOffer.LookedUp(known?.Id));
        if (started.Click is null)
        {
            // The fraud rules rejected the start: nothing was written. The user is told no more than that; the operator's log says why.
            logs.CreateLogger(typeof(ClientApi)).LogInformation("Partner {PartnerId}: start of offer {OfferId} refused: {Findings}", partner.Id, offer.PublicId,
                started.Screening.Describe());
            return Refused(ClientApi.Error(StatusCodes.Status403Forbidden, "offer start refused"));
        }
        return new Outcome(offer, started, null);
    }

    private static Outcome Refused(IResult error) => new(null, null, error);
}
