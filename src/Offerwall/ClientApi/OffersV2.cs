using System.Globalization;
using Offerwall.Data;
using Offerwall.Offers;
using Offerwall.Web;

namespace Offerwall.ClientApi;

/// <summary>One goal as BitLabs' <c>GET /v2/client/offers</c> documents an event, keys in its order.</summary>
public sealed record V2Event(string Uuid, string Name, string Type, bool Payable, string DisplayType, string Points, string? PromotionalPoints,
    string? CommissionAmount, string Payout, string Status, int TypeId, int TtcMinutes, long ExpiresAt, TimePlayed? TimePlayed,
    bool MultipleConversionsAllowed, V2ConversionRules? MultipleConversionsRules);

/// <summary>How often a goal converts: <c>unlimited</c> (a dynamic goal: once per distinct advertiser event).</summary>
public sealed record V2ConversionRules(string RuleType);

/// <summary>The offer's pictures: its icon; no other images are stored.</summary>
public sealed record V2Creatives(string Icon, IReadOnlyDictionary<string, string> Images);

/// <summary>The offer's app: its store id (product_id); no store categories, screenshots or videos are stored.</summary>
public sealed record V2AppMetadata(string AppId, IReadOnlyList<string> Categories, IReadOnlyList<string> ScreenshotUrls, IReadOnlyList<string> VideoUrls);

/// <summary>One offer as BitLabs documents it (the fields of its reference, then those its guide's examples add), keys in that order.</summary>
public sealed record V2Offer(long Id, string Anchor, string Description, string Requirements, string ConfirmationTime, string ClickUrl, string SupportUrl,
    string IconUrl, string ImpressionUrl, IReadOnlyList<string> Categories, string TotalPoints, string? TotalPointsPromotional, bool IsSticky,
    IReadOnlyList<V2Event> Events, string Disclaimer, IReadOnlyList<string> ThingsToKnow, string Epc, V2Creatives Creatives, V2AppMetadata AppMetadata);

/// <summary><c>GET /v2/client/offers</c>'s data.</summary>
public sealed record V2OfferList(IReadOnlyList<V2Offer> Offers, IReadOnlyList<V2Offer> StartedOffers);

/// <summary>
/// The offer list in BitLabs' shape (https://docs.bitlabs.ai/operation/operation-getoffersv2): the same offers as
/// <c>GET /v1/client/offers</c>, with the numeric offer id, browser links for the click and the impression, and the fields we cannot fill
/// given fixed values (the table in docs/client-api.md).
/// </summary>
public static class OffersV2
{
    /// <summary>
    /// The links of one offer: <paramref name="baseUrl"/> is this server's public base URL (an icon it serves is given absolute),
    /// <paramref name="linkQuery"/> "?token=…&amp;uid=…".
    /// </summary>
    public static V2Offer Describe(OfferCatalog.Listed listed, Partner partner, string baseUrl, string linkQuery)
    {
        var (offer, click) = (listed.Offer, listed.Click);
        decimal total = 0, promotedTotal = 0;
        var promotedAny = false;
        var events = GoalTerms.Shown(offer.Goals, id => listed.Mine.Exists(c => c.GoalId == id)).Select(goal =>
        {
            var (points, promoted) = OfferProgress.Promised(goal, partner, listed.Running);
            if (goal.Payable) { total += points; promotedTotal += promoted ?? points; promotedAny |= promoted is not null; }
            var hours = goal.TimeLimitHours ?? offer.TimeLimitHours;
            var expires = click is null ? null : Offer.Expiry(click.CreatedAt, hours);
            var dynamic = goal.Kind == GoalKind.Dynamic;
            return new V2Event(
                Uuid: goal.Uuid.ToString(),
                Name: goal.Name,
                Type: dynamic ? "dynamic" : "flat",
                Payable: goal.Payable,
                DisplayType: GoalTerms.DisplayName(goal.DisplayType),
                Points: goal.Payable ? OfferProgress.Points(points) : "0",
                PromotionalPoints: goal.Payable && promoted is not null ? OfferProgress.Points(promoted.Value) : null,
                CommissionAmount: goal.DisplayType == DisplayType.Commission && goal.CommissionAmount is { } commission ? OfferProgress.Points(commission) : null,
                Payout: OfferProgress.Points(goal.Reward),
                Status: OfferProgress.Status(listed.Mine.Where(c => c.GoalId == goal.Id).ToList()),
                TypeId: (int)goal.Type,
                TtcMinutes: hours is { } h ? (int)Math.Min(int.MaxValue, h * 60L) : 0,
                ExpiresAt: expires is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeSeconds() : 0,
                TimePlayed: OfferProgress.TimePlayedOf(goal),
                MultipleConversionsAllowed: dynamic,
                MultipleConversionsRules: dynamic ? new V2ConversionRules("unlimited") : null);
        }).ToList();
        var id = offer.Id.ToString(CultureInfo.InvariantCulture);
        var linkPrefix = baseUrl + "/v2/client/offers/";
        var icon = PublicUrlOptions.Absolute(offer.IconUrl, baseUrl);
        return new V2Offer(offer.Id, offer.Name, offer.Description, offer.Requirements, offer.ConfirmationTime,
            ClickUrl: linkPrefix + id + "/click" + linkQuery, SupportUrl: offer.ContactUrl, IconUrl: icon,
            ImpressionUrl: linkPrefix + id + "/impression" + linkQuery, Categories: OfferProgress.Lines(offer.Categories, ','),
            TotalPoints: OfferProgress.Points(total), TotalPointsPromotional: promotedAny ? OfferProgress.Points(promotedTotal) : null, IsSticky: false,
            Events: events, Disclaimer: offer.Disclaimer, ThingsToKnow: OfferProgress.Lines(offer.ThingsToKnow, '\n'), Epc: "0.00",
            Creatives: new V2Creatives(icon, new Dictionary<string, string>()), AppMetadata: new V2AppMetadata(offer.ProductId, [], [], []));
    }
}
