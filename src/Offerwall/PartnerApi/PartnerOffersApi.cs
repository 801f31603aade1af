using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Offerwall.Data;
using Offerwall.Offers;
using Offerwall.Partners;
using Offerwall.Web;

namespace Offerwall.PartnerApi;

public sealed record PartnerOfferPage(IReadOnlyList<PartnerOffer> Data, PageLinks Links, PageMeta Meta);

/// <summary>
/// GET /data/partner/offers: the catalog a partner draws its own wall from, Laravel-paginated as the Data API, in offer id order. Every
/// amount is the asking partner's (its currency and ratio, its revenue share, the promotions running for it), and nothing of another
/// partner's is read. A page costs the same few queries whatever its size: the offers' delivery fields (to filter by budget_status,
/// country and platform before paging), the cap counters of capped ones, then the page's offers with their goals (docs/partner-api.md).
/// </summary>
public static class PartnerOffersApi
{
    public const string Path = "/data/partner/offers";

    public static RouteGroupBuilder MapPartnerOffersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/data/partner").RequirePartnerKey().WithTags("Partner offer catalog");
        group.MapGet("/offers", ListAsync)
            .WithName("ListPartnerOffers")
            .WithSummary("The offers the partner may show, with targeting, goals, rewards in its currency and budget_status, Laravel-paginated.")
            .WithDescription("Every offer the partner may show (surveys only with surveys enabled), in offer id order, to draw a native wall: "
                             + "targeting and schedule, goals with payouts and rewards in the partner's currency and the promotions running for "
                             + "it, time limits, budget_status (active, capped, scheduled, paused), conversions left and icons. By default only "
                             + "active offers; status, country, platform and type filter. Bad parameters answer 422 with Laravel's messages.")
            .Produces<LaravelValidationError>(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Results<Ok<PartnerOfferPage>, ApiError>> ListAsync(
        [AsParameters] PartnerOfferFilters filters, HttpContext http, OfferwallDb db, Promotions promotions, TimeProvider clock,
        IOptions<PublicUrlOptions> urls, CancellationToken ct)
    {
        var partner = http.Partner();
        var (query, errors) = PartnerOfferQuery.Parse(filters);
        if (query is null)
            return ApiErrors.Invalid(errors);
        var now = clock.GetUtcNow().UtcDateTime;

        // Which offers, and their status: from their delivery fields only, filtered in memory (budget_status depends on cap counters).
        var candidates = await Candidates(db, partner, query).ToListAsync(ct);
        var standings = await StandingsAsync(db, candidates, now, ct);
        var listed = candidates
            .Select(o => (Offer: o, Status: OfferStates.StatusOf(o, standings.GetValueOrDefault(o.Id), now).Status))
            .Where(x => query.Status is null || x.Status == query.Status)
            .Where(x => query.Country is null || Targeting.TargetsCountry(x.Offer, query.Country))
            .Where(x => query.Platform is null || Targeting.OnPlatform(x.Offer, query.Platform))
            .ToList();
        var offset = (long)(query.Page - 1) * query.PerPage;
        var slice = offset >= listed.Count ? [] : listed.Skip((int)offset).Take(query.PerPage).ToList();

        // The page itself: its offers with their goals, and the promotions running for this partner (kept in memory, Offers/Promotions.cs).
        var ids = slice.ConvertAll(x => x.Offer.Id);
        var offers = ids.Count == 0 ? [] : await db.Offers.AsNoTracking().Include(o => o.Goals).Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var running = ids.Count == 0 ? [] : await promotions.RunningForPartnerAsync(db, partner.Id, now, ct);
        var baseUrl = urls.Value.BaseUrl(http.Request);
        var data = slice.Where(x => offers.ContainsKey(x.Offer.Id))
            .Select(x => Describe(offers[x.Offer.Id], x.Status, standings.GetValueOrDefault(x.Offer.Id), partner, running, baseUrl)).ToList();

        var (links, meta) = LaravelPage.Build(listed.Count, query.PerPage, query.Page, data.Count, baseUrl + Path,
            LaravelPage.OtherQuery(http.Request.QueryString.Value));
        return TypedResults.Ok(new PartnerOfferPage(data, links, meta));
    }

    /// <summary>
    /// The offers this partner may list, in id order, with only what status and filters need (no texts, no goals): surveys only for
    /// partners with surveys enabled.
    /// </summary>
    private static IQueryable<Offer> Candidates(OfferwallDb db, Partner partner, PartnerOfferQuery query)
    {
        var offers = db.Offers.AsNoTracking();
        if (!partner.SurveysEnabled) offers = offers.Where(o => o.Kind != OfferKind.Survey);
        if (query.Type is { } kind) offers = offers.Where(o => o.Kind == kind);
        return offers.OrderBy(o => o.Id).Select(o => new Offer
        {
            Id = o.Id, PublicId = o.PublicId, Name = "", TrackingUrl = "", Kind = o.Kind, Countries = o.Countries, ExcludedCountries = o.ExcludedCountries,
            Platforms = o.Platforms, StartsAt = o.StartsAt, EndsAt = o.EndsAt, IsActive = o.IsActive, Caps = o.Caps,
            // Paused for users (Targeting.IsPaused) without loading the goals: by the operator, or every goal of it paused.
            Paused = o.Paused || o.Goals.Any() && o.Goals.All(g => g.Paused),
            CapTimeZone = o.CapTimeZone,
        });
    }

    /// <summary>Where the capped offers' own caps stand (<see cref="OfferCaps.StandingsAsync"/>), with the payouts of their paying goals it needs.</summary>
    private static async Task<Dictionary<long, CapStanding>> StandingsAsync(OfferwallDb db, List<Offer> candidates, DateTime now, CancellationToken ct)
    {
        var capped = candidates.FindAll(o => o.Caps.Any);
        if (capped.Count == 0) return [];
        var ids = capped.ConvertAll(o => o.Id);
        var payouts = (await db.Goals.AsNoTracking().Where(g => ids.Contains(g.OfferId) && g.Payout > 0m)
            .Select(g => new { g.OfferId, g.Payout }).ToListAsync(ct)).ToLookup(g => g.OfferId, g => g.Payout);
        foreach (var offer in capped)
            offer.Goals = [.. payouts[offer.Id].Select(payout => new Goal { OfferId = offer.Id, PublicId = "", Name = "", Payout = payout })];
        return await OfferCaps.StandingsAsync(db, capped, now, ct);
    }

    private static PartnerOffer Describe(Offer offer, string status, CapStanding? standing, Partner partner, List<Promotion> running, string baseUrl)
    {
        var mine = running.FindAll(p => p.OfferId == null || p.OfferId == offer.Id);
        decimal totalReward = 0, totalLocal = 0, totalPromoted = 0, totalPayout = 0;
        var promotedAny = false;
        var goals = GoalTerms.Shown(offer.Goals).Select(goal =>
        {
            var promise = GoalTerms.Promise(goal, partner, mine);
            totalPayout += promise.Payout;
            if (goal.Payable)
            {
                totalReward += promise.Reward;
                totalLocal += promise.RewardLocal;
                totalPromoted += promise.PromotionalRewardLocal ?? promise.RewardLocal;
                promotedAny |= promise.PromotionalRewardLocal is not null;
            }
            return new PartnerOfferGoal(goal.PublicId, goal.Uuid.ToString(), goal.Name, GoalTerms.KindName(goal.Kind), (int)goal.Type, goal.Payable,
                GoalTerms.DisplayName(goal.DisplayType), Money.Normalize(promise.Reward), Money.Normalize(promise.RewardLocal),
                Normalize(promise.PromotionalReward), Normalize(promise.PromotionalRewardLocal), Money.Normalize(promise.Payout),
                goal.DisplayType == DisplayType.Commission ? Normalize(goal.CommissionAmount) : null,
                goal.Type == GoalType.TimePlayed ? new PartnerOfferTimePlayed(goal.TimePlayedUnit ?? "minutes", goal.TimePlayedCount ?? 0) : null,
                goal.HoldHours, goal.TimeLimitHours ?? offer.TimeLimitHours);
        }).ToList();
        var targeting = new PartnerOfferTargeting(List(offer.Countries), List(offer.ExcludedCountries), List(offer.Platforms), offer.MinOsVersion,
            offer.MaxOsVersion, Time(offer.StartsAt), Time(offer.EndsAt));
        var capsLeft = offer.Caps.DailyConversions is null && offer.Caps.TotalConversions is null ? null
            : new PartnerOfferCapsLeft(standing?.Today?.ConversionsLeft, standing?.Total?.ConversionsLeft,
                offer.Caps.DailyConversions is null ? null : Time(standing?.ResetsAt));
        var promotions = mine.OrderBy(p => p.StartsAt).ThenBy(p => p.Id).Select(p => new PartnerOfferPromotion(p.OfferId is null ? "all_offers" : "offer",
            Money.Normalize(p.Multiplier), Money.Normalize(p.Bonus), Money.Normalize(Rewards.Local(p.Bonus, partner.CurrencyRatio)),
            IsoUtc.Format(p.StartsAt), IsoUtc.Format(p.EndsAt))).ToList();
        return new PartnerOffer(offer.Id, offer.PublicId, offer.Name, offer.Description, offer.Requirements, offer.Kind == OfferKind.Survey ? "survey" : "offer",
            Lines(offer.Categories, ','), PublicUrlOptions.Absolute(offer.IconUrl, baseUrl), offer.ContactUrl, offer.Disclaimer, offer.ConfirmationTime,
            Lines(offer.ThingsToKnow, '\n'),
            offer.IsGame, offer.ProductId, offer.ProductName, status, targeting, offer.TimeLimitHours, capsLeft, partner.CurrencyName,
            Money.Normalize(totalReward), Money.Normalize(totalLocal), promotedAny ? Money.Normalize(totalPromoted) : null, Money.Normalize(totalPayout),
            promotions, goals);
    }

    private static decimal? Normalize(decimal? value) => value is { } v ? Money.Normalize(v) : null;

    private static string? Time(DateTime? utc) => utc is { } t ? IsoUtc.Format(t) : null;

    private static List<string> List(string commaSeparated) =>
        [.. commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static List<string> Lines(string text, char separator) => [.. text.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
