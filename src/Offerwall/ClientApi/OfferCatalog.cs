using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Offers;
using Offerwall.Clicks;
using Offerwall.Web;

namespace Offerwall.ClientApi;

public sealed record CatalogEvent(string Uuid, string Name, string Type, bool Payable, string DisplayType, string Points, string? PromotionalPoints,
    string Payout, string Status, int TypeId, string? ExpiresAt, TimePlayed? TimePlayed, bool MultipleConversionsAllowed);

public sealed record CatalogOffer(string Id, string Anchor, string Description, string Requirements, string ConfirmationTime, string ClickUrl,
    string SupportUrl, string IconUrl, IReadOnlyList<string> Categories, string TotalPoints, string? TotalPointsPromotional, IReadOnlyList<CatalogEvent> Events);

public sealed record OfferList(IReadOnlyList<CatalogOffer> Offers, IReadOnlyList<CatalogOffer> StartedOffers);

public sealed record HistoryItem(string OfferId, string Anchor, string IconUrl, string Status, string Points, string PendingPoints, string TotalPoints,
    int CompletedEvents, int TotalEvents, string TxId, string StartedAt, string LatestDate);

/// <summary>The user's side of the catalog: which offers they may start, and what they did.</summary>
public static class OfferCatalog
{
    /// <summary>
    /// The user's offer list (<see cref="SelectAsync"/>) for <see cref="WallAnswer"/>: each offer the user has not started as its JSON, built once per copy
    /// of the catalog for the partner's currency, the start links' prefix and the promotions running (nothing else of it depends on the
    /// user or the time), and the started ones with the user's progress.
    /// </summary>
    public static async Task<(List<byte[]> Offers, List<CatalogOffer> Started)> ListJsonAsync(OfferwallDb db, LiveCatalog catalog, Promotions promotions,
        Partner partner, string externalUserId, Audience audience, string startUrlPrefix, DateTime now, JsonSerializerOptions json, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(db, ct);
        var running = await promotions.RunningForPartnerAsync(db, partner.Id, now, ct);
        var listed = await SelectAsync(db, snapshot.Offers, running, partner, externalUserId, audience, now, ct);
        var stamp = string.Join(';', running.Select(p => FormattableString.Invariant($"{p.Id}:{p.OfferId}:{p.Multiplier}:{p.Bonus}")));
        var fragments = snapshot.FragmentsFor(FormattableString.Invariant($"{partner.Id}|{partner.CurrencyRatio}|{partner.RevenueShare}|{startUrlPrefix}|{stamp}"));
        var offers = new List<byte[]>(listed.Count);
        var started = new List<CatalogOffer>();
        foreach (var l in listed)
        {
            if (l.Click is not null)
                started.Add(Describe(l.Offer, partner, l.Running, l.Click, l.Mine, startUrlPrefix, now));
            else
                offers.Add(fragments.GetOrAdd(l.Offer.Id, _ =>
                    JsonSerializer.SerializeToUtf8Bytes(Describe(l.Offer, partner, l.Running, null, [], startUrlPrefix, now), json)));
        }
        return (offers, started);
    }

    /// <summary>One offer of the user's list: with their click and its conversions when they started it, and the promotions running for it.</summary>
    public sealed record Listed(Offer Offer, Click? Click, List<UserConversion> Mine, List<Promotion> Running);

    /// <summary>
    /// The offers this user may start: active (not paused by the operator, open by their schedule, under their caps), surveys only for
    /// partners with surveys, and targeting the user (<see cref="Targeting"/>), and the offers the user started, with their progress; in id
    /// order, only those <paramref name="keep"/> keeps (null: all).
    /// </summary>
    public static async Task<List<Listed>> SelectAsync(OfferwallDb db, LiveCatalog catalog, Promotions promotions, Partner partner, string externalUserId,
        Audience audience, Func<Offer, bool>? keep, DateTime now, CancellationToken ct)
    {
        var active = (await catalog.GetAsync(db, ct)).Offers;
        return await SelectAsync(db, keep is null ? active : [.. active.Where(keep)], await promotions.RunningForPartnerAsync(db, partner.Id, now, ct),
            partner, externalUserId, audience, now, ct);
    }

    /// <summary>The selection of the public <c>SelectAsync</c> among <paramref name="offers"/>, with the partner's <paramref name="running"/> promotions.</summary>
    private static async Task<List<Listed>> SelectAsync(OfferwallDb db, IReadOnlyList<Offer> offers, List<Promotion> running, Partner partner,
        string externalUserId, Audience audience, DateTime now, CancellationToken ct)
    {
        var standings = await OfferCaps.StandingsAsync(db, offers, now, ct);
        // The user's clicks with their conversions, by the id's key: one compiled query, no lookup of the user's row first.
        var clicks = new Dictionary<long, Click>();
        var conversions = new List<(long ClickId, UserConversion Conversion)>();
        await foreach (var row in ClicksOfUser.For(db)(db, partner.Id, User.KeyOf(externalUserId)).WithCancellation(ct))
        {
            clicks.TryAdd(row.Click.OfferId, row.Click);
            if (row.GoalId is { } goalId)
                conversions.Add((row.Click.Id, new UserConversion(goalId, row.Status!.Value, row.RewardLocal!.Value, row.CreatedAt!.Value, row.DecidedAt)));
        }

        var listed = new List<Listed>();
        foreach (var offer in offers)
        {
            if (offer.Kind == OfferKind.Survey && !partner.SurveysEnabled) continue;
            var clicked = clicks.GetValueOrDefault(offer.Id);
            if (clicked is null
                && (Targeting.IsPaused(offer) || !Targeting.IsOpen(offer, now) || standings.TryGetValue(offer.Id, out var s) && s.Reached || !Targeting.Targets(offer, audience)))
                continue;
            var forOffer = running.Where(p => p.OfferId == null || p.OfferId == offer.Id).ToList();
            var mine = clicked is null ? [] : conversions.Where(c => c.ClickId == clicked.Id).Select(c => c.Conversion).ToList();
            listed.Add(new Listed(offer, clicked, mine, forOffer));
        }
        return listed;
    }

    private static CatalogOffer Describe(Offer offer, Partner partner, List<Promotion> running, Click? click, List<UserConversion> mine, string startUrlPrefix, DateTime now)
    {
        decimal total = 0, promotedTotal = 0;
        var promotedAny = false;
        var events = GoalTerms.Shown(offer.Goals, id => mine.Exists(c => c.GoalId == id)).Select(goal =>
        {
            var (points, promoted) = OfferProgress.Promised(goal, partner, running);
            if (goal.Payable) { total += points; promotedTotal += promoted ?? points; promotedAny |= promoted is not null; }
            var expires = click is null ? null : Offer.Expiry(click.CreatedAt, goal.TimeLimitHours ?? offer.TimeLimitHours);
            return new CatalogEvent(
                Uuid: goal.Uuid.ToString(),
                Name: goal.Name,
                Type: GoalTerms.KindName(goal.Kind),
                Payable: goal.Payable,
                DisplayType: GoalTerms.DisplayName(goal.DisplayType),
                Points: goal.Payable ? OfferProgress.Points(points) : "0",
                PromotionalPoints: goal.Payable && promoted is not null ? OfferProgress.Points(promoted.Value) : null,
                Payout: OfferProgress.Points(goal.Reward),
                Status: OfferProgress.Status(mine.Where(c => c.GoalId == goal.Id).ToList()),
                TypeId: (int)goal.Type,
                ExpiresAt: expires is null ? null : IsoUtc.Format(expires.Value),
                TimePlayed: OfferProgress.TimePlayedOf(goal),
                MultipleConversionsAllowed: goal.Kind == GoalKind.Dynamic);
        }).ToList();
        return new CatalogOffer(offer.PublicId, offer.Name, offer.Description, offer.Requirements, offer.ConfirmationTime,
            startUrlPrefix + Uri.EscapeDataString(offer.PublicId) + "/start", offer.ContactUrl, offer.IconUrl, OfferProgress.Lines(offer.Categories, ','),
            OfferProgress.Points(total), promotedAny ? OfferProgress.Points(promotedTotal) : null, events);
    }

    /// <summary>The offers this user has started, most recent activity first.</summary>
    public static async Task<List<HistoryItem>> HistoryAsync(OfferwallDb db, Partner partner, string externalUserId, DateTime now, CancellationToken ct)
    {
        var userId = await UserIdAsync(db, partner.Id, externalUserId, ct);
        if (userId is null) return [];
        var clicks = await db.Clicks.AsNoTracking().Where(c => c.UserId == userId).ToListAsync(ct);
        var offerIds = clicks.Select(c => c.OfferId).ToList();
        var offers = await db.Offers.AsNoTracking().Include(o => o.Goals).Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var conversions = await ConversionsAsync(db, userId.Value, null, ct);
        var items = clicks.Select(click =>
        {
            var offer = offers[click.OfferId];
            var mine = conversions.Where(c => c.ClickId == click.Id).Select(c => c.Conversion).ToList();
            var details = OfferProgress.Build(offer, click, partner, mine, [], "", now);
            var status = details.Completed ? "completed" : details.HasPendingConversions ? "pending" : "in_progress";
            return new HistoryItem(offer.PublicId, offer.Name, offer.IconUrl, status, details.Points, details.TotalPendingPoints, details.TotalPoints,
                details.CompletedEvents, details.Events.Count, click.TxId, details.StartedAt, details.LatestDate);
        });
        return [.. items.OrderByDescending(i => i.LatestDate, StringComparer.Ordinal).ThenByDescending(i => i.StartedAt, StringComparer.Ordinal)];
    }

    /// <summary>The seed's offer details for one offer the user started; null when the user never started it.</summary>
    public static async Task<OfferDetails?> DetailsAsync(OfferwallDb db, LiveCatalog catalog, Promotions promotions, Partner partner, string externalUserId,
        string offerPublicId, DateTime now, CancellationToken ct)
    {
        var key = User.KeyOf(externalUserId);
        var rows = await StartedRowsAsync(db, partner.Id, key, offerPublicId, ct);
        // The v2 list's integer id: the offer's public id looked up by it (a public id is asked first, whatever it looks like).
        if (rows.Count == 0 && long.TryParse(offerPublicId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            && ((await catalog.GetAsync(db, ct)).ById.GetValueOrDefault(id)?.PublicId
                ?? await db.Offers.Where(o => o.Id == id).Select(o => o.PublicId).FirstOrDefaultAsync(ct)) is { } publicId)
            rows = await StartedRowsAsync(db, partner.Id, key, publicId, ct);
        if (rows.Count == 0) return null;
        var (click, userExternalId, offerId) = (rows[0].Click, rows[0].UserExternalId, rows[0].OfferId);
        // The offer and its goals from the catalog in memory; an offer no longer active (the user may still look at it) from the database.
        var offer = (await catalog.GetAsync(db, ct)).ById.GetValueOrDefault(offerId) ?? await InactiveOfferAsync(db, offerId, ct);
        var conversions = rows.Where(r => r.GoalId is not null)
            .Select(r => new UserConversion(r.GoalId!.Value, r.Status!.Value, r.RewardLocal!.Value, r.CreatedAt!.Value, r.DecidedAt)).ToList();
        var running = await promotions.RunningAsync(db, offer.Id, partner.Id, now, ct);
        // The link as the click rendered it: with the user id as first seen, whatever its case in this request.
        var continueUrl = TrackingLink.Render(offer.TrackingUrl, click, userExternalId, partner, offer);
        return OfferProgress.Build(offer, click, partner, conversions, running, continueUrl, now);
    }

    private static async Task<Offer> InactiveOfferAsync(OfferwallDb db, long offerId, CancellationToken ct)
    {
        var offer = await db.Offers.AsNoTracking().FirstAsync(o => o.Id == offerId, ct);
        offer.Goals = await db.Goals.AsNoTracking().Where(g => g.OfferId == offerId).OrderBy(g => g.Id).ToListAsync(ct);
        return offer;
    }

    private static async Task<List<StartedRow>> StartedRowsAsync(OfferwallDb db, long partnerId, string userKey, string offerPublicId, CancellationToken ct)
    {
        var rows = new List<StartedRow>();
        await foreach (var row in StartedOffer.For(db)(db, partnerId, userKey, offerPublicId).WithCancellation(ct)) rows.Add(row);
        return rows;
    }

    /// <summary>The user's click on the offer, and one of its conversions (or none: null fields) per row.</summary>
    private sealed record StartedRow(Click Click, string UserExternalId, long OfferId, long? GoalId, ConversionStatus? Status, decimal? RewardLocal,
        DateTime? CreatedAt, DateTime? DecidedAt);

    // The user's click on the offer with each of the click's conversions: one flat compiled query (Data/PerEngine.cs) for the client
    // API's most frequent request (a query projecting collections materializes far slower). No row: the user (in any case of the id),
    // the offer or the click does not exist.
    private static readonly PerEngine<Func<OfferwallDb, long, string, string, IAsyncEnumerable<StartedRow>>> StartedOffer = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, long partnerId, string userKey, string offerPublicId) =>
            from u in db.Users.AsNoTracking()
            where u.PartnerId == partnerId && u.ExternalIdKey == userKey
            join c in db.Clicks on u.Id equals c.UserId
            join o in db.Offers on c.OfferId equals o.Id
            where o.PublicId == offerPublicId
            from x in db.Conversions.Where(x => x.ClickId == c.Id).DefaultIfEmpty()
            orderby x.Id
            select new StartedRow(c, u.ExternalId, o.Id, (long?)x.GoalId, (ConversionStatus?)x.Status, (decimal?)x.RewardLocal, (DateTime?)x.CreatedAt,
                x.DecidedAt)));

    /// <summary>One of the user's clicks, and one of its conversions (or none: null fields) per row.</summary>
    private sealed record UserClickRow(Click Click, long? GoalId, ConversionStatus? Status, decimal? RewardLocal, DateTime? CreatedAt, DateTime? DecidedAt);

    // The wall's per-user read (compiled: Data/PerEngine.cs): the user's clicks, each with its conversions in id order, flat (a click
    // repeats on each of its conversions' rows), as the offer details read one click.
    private static readonly PerEngine<Func<OfferwallDb, long, string, IAsyncEnumerable<UserClickRow>>> ClicksOfUser = new(() =>
        EF.CompileAsyncQuery((OfferwallDb db, long partnerId, string userKey) =>
            from u in db.Users.AsNoTracking()
            where u.PartnerId == partnerId && u.ExternalIdKey == userKey
            join c in db.Clicks on u.Id equals c.UserId
            from x in db.Conversions.Where(x => x.ClickId == c.Id).DefaultIfEmpty()
            orderby x.Id
            select new UserClickRow(c, (long?)x.GoalId, (ConversionStatus?)x.Status, (decimal?)x.RewardLocal, (DateTime?)x.CreatedAt, x.DecidedAt)));

    public sealed record KnownUser(long Id, string ExternalId);

    private static Task<long?> UserIdAsync(OfferwallDb db, long partnerId, string externalUserId, CancellationToken ct)
    {
        return PartnerUsers.IdAsync(db, partnerId, externalUserId, ct);
    }

    private static async Task<List<(long ClickId, UserConversion Conversion)>> ConversionsAsync(OfferwallDb db, long userId, long? offerId, CancellationToken ct)
    {
        var query = db.Conversions.AsNoTracking().Where(c => c.UserId == userId);
        if (offerId is not null) query = query.Where(c => c.OfferId == offerId);
        var rows = await query.OrderBy(c => c.Id)
            .Select(c => new { c.ClickId, c.GoalId, c.Status, c.RewardLocal, c.CreatedAt, c.DecidedAt })
            .ToListAsync(ct);
        return rows.ConvertAll(c => (c.ClickId, new UserConversion(c.GoalId, c.Status, c.RewardLocal, c.CreatedAt, c.DecidedAt)));
    }
}
