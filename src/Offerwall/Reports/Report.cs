using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;

namespace Offerwall.Reports;

/// <summary>
/// Runs a report: closed hours from the stored rollups (added up in the database, per stretch of the zone's offset),
/// the hours not yet closed and the pending conversions live, all grouped in one pass. Totals add up every row
/// counted, so they equal the ledger's sums for the range. Grouped by goal, a row's clicks are its offer's (a
/// click is on an offer, not a goal), which gives each goal its conversion rate; the totals count each click once.
/// With a read replica, the rollups of closed hours are stored on the primary and everything counted is read on the replica:
/// hours whose stored rollup it has not replayed yet are added up live there, so the report is the replica's view (docs/scaling.md).
/// </summary>
public static class Report
{
    /// <summary>The most rows one report answers; more is refused with a request to narrow it.</summary>
    public const int MaxRows = 20_000;

    /// <summary>Runs a report on one database, which stores the rollups it needs and is read.</summary>
    public static Task<(ReportResult? Result, Dictionary<string, string[]> Errors)> RunAsync(
        OfferwallDb db, ReportRequest request, DateTime now, bool unknownIsError, CancellationToken ct) =>
        RunAsync(db, db, request, now, unknownIsError, ct);

    /// <summary>
    /// Runs a report read on <paramref name="read"/> (a replica, or the primary itself). The rollups of closed hours are stored only on
    /// <paramref name="primary"/>, and the filter's ids are looked up there (an offer just created is known at once).
    /// </summary>
    public static async Task<(ReportResult? Result, Dictionary<string, string[]> Errors)> RunAsync(
        OfferwallDb primary, OfferwallDb read, ReportRequest request, DateTime now, bool unknownIsError, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = await FilterAsync(primary, request, unknownIsError, errors, ct);
        var (from, to) = ReportZone.Hours(request.From, request.To, request.Zone);
        var (segments, badOffset) = ReportZone.Segments(from, to, request.Zone);
        if (segments is null)
            errors["time_zone"] = [$"Reports are kept per UTC hour, and {request.Zone.Id} is {badOffset:hh\\:mm} from UTC in this range: "
                                   + "choose a zone whose offset is a whole number of hours (UTC, for instance)."];
        if (errors.Count > 0 || filter is null || segments is null) return (null, errors);

        var groupBy = request.GroupBy;
        bool Has(ReportDimension d) => groupBy.Contains(d);
        var byGoal = Has(ReportDimension.Goal);
        var lines = new Dictionary<ReportKey, ReportMetrics>();
        var clicksByOffer = new Dictionary<ReportKey, long>();
        var totals = new ReportMetrics();

        void Add(RollupRow r, long bucket, int offset)
        {
            var key = new ReportKey(bucket, Has(ReportDimension.Hour) ? offset : 0,
                Has(ReportDimension.Partner) ? r.PartnerId : 0, Has(ReportDimension.Advertiser) ? r.AdvertiserId : 0,
                Has(ReportDimension.Offer) || byGoal ? r.OfferId : 0, byGoal ? r.GoalId : 0,
                Has(ReportDimension.Country) ? r.Country : "", Has(ReportDimension.Platform) ? r.Platform : "");
            totals.Add(r);
            if (byGoal && r.GoalId == 0)
            {
                // An offer's clicks, for its goals' rows; a row of its own only if it has counts besides clicks.
                clicksByOffer[key] = clicksByOffer.GetValueOrDefault(key) + r.Clicks;
                if (r.Approved == 0 && r.Pending == 0 && r.Cancelled == 0 && r.Reversals == 0) return;
            }
            if (!lines.TryGetValue(key, out var m)) lines[key] = m = new ReportMetrics();
            m.Add(r, clicks: !byGoal);
        }

        long Bucket(long hour, int offset) =>
            Has(ReportDimension.Day) ? ReportZone.DayBucket(hour, offset) : Has(ReportDimension.Hour) ? hour : 0;

        void AddLive(IEnumerable<RollupRow> rows)
        {
            foreach (var r in rows.Where(filter.Keeps))
            {
                var offset = segments.First(s => r.Hour >= s.Start && r.Hour < s.End).OffsetHours;
                Add(r, Bucket(r.Hour, offset), offset);
            }
        }

        var closedEnd = Math.Min(to, ReportRollups.ClosedEnd(now));
        if (from < closedEnd)
        {
            // Stored on the primary. The hours the read side holds no stored rollup of (a replica that has not replayed it yet, or
            // hours another server kept winning) are added up live there; the others are read from its stored rollups, and only them,
            // so an hour the replica replays meanwhile is not counted twice.
            var unstored = await ReportRollups.EnsureAsync(primary, from, closedEnd, ct);
            var live = ReferenceEquals(primary, read) ? unstored : await ReportRollups.MissingAsync(read, from, closedEnd, ct);
            foreach (var (start, end) in live)
                AddLive(await ReportRollups.LiveAsync(read, start, end, ct));
            foreach (var (start, end) in ReportRollups.Complement(live, from, closedEnd))
                foreach (var s in segments.Where(s => s.Start < end && start < s.End))
                    foreach (var r in await StoredAsync(read, Math.Max(s.Start, start), Math.Min(s.End, end), s.OffsetHours, groupBy, filter, ct))
                        Add(r, r.Hour, s.OffsetHours);
        }
        if (Math.Max(from, closedEnd) < to)
            AddLive(await ReportRollups.LiveAsync(read, Math.Max(from, closedEnd), to, ct));
        AddLive(await ReportRollups.PendingAsync(read, from, to, ct));

        if (byGoal)
            foreach (var (key, m) in lines)
                m.Clicks = clicksByOffer.GetValueOrDefault(key with { GoalId = 0 });
        if (lines.Count > MaxRows)
        {
            errors["group_by"] = [$"The report would have more than {MaxRows} rows: narrow the dates, the filters or the grouping."];
            return (null, errors);
        }

        var names = await ReportNames.LoadAsync(read, lines.Keys, ct);
        var ordered = lines.OrderBy(l => l.Key.Bucket).ThenByDescending(l => l.Value.RevenueMicros).ThenByDescending(l => l.Value.CostMicros)
            .ThenBy(l => l.Key.PartnerId).ThenBy(l => l.Key.AdvertiserId).ThenBy(l => l.Key.OfferId).ThenBy(l => l.Key.GoalId)
            .ThenBy(l => l.Key.Country, StringComparer.Ordinal).ThenBy(l => l.Key.Platform, StringComparer.Ordinal);
        var result = ordered.Select(l => Line(l.Key, l.Value, groupBy, names)).ToList();
        return (new ReportResult(request, result, totals), errors);
    }

    private static ReportLine Line(ReportKey k, ReportMetrics m, IReadOnlyList<ReportDimension> groupBy, ReportNames names)
    {
        bool Has(ReportDimension d) => groupBy.Contains(d);
        return new ReportLine(
            Has(ReportDimension.Day) ? ReportZone.DayText(k.Bucket) : null,
            Has(ReportDimension.Hour) ? ReportZone.HourText(k.Bucket, k.OffsetHours) : null,
            Has(ReportDimension.Offer) || Has(ReportDimension.Goal) ? names.Offers.GetValueOrDefault(k.OfferId, Unknown(k.OfferId)) : null,
            Has(ReportDimension.Goal) && k.GoalId != 0 ? names.Goals.GetValueOrDefault(k.GoalId, new($"{k.GoalId}", "", "")) : null,
            Has(ReportDimension.Partner) ? names.Partners.GetValueOrDefault(k.PartnerId, new(k.PartnerId, "")) : null,
            Has(ReportDimension.Advertiser) ? names.Advertisers.GetValueOrDefault(k.AdvertiserId, new(k.AdvertiserId, "")) : null,
            Has(ReportDimension.Country) ? k.Country : null,
            Has(ReportDimension.Platform) ? k.Platform : null,
            m);

        static ReportNames.OfferName Unknown(long id) => new(id.ToString(CultureInfo.InvariantCulture), "");
    }

    /// <summary>The request's filters as rollup ids: an unknown offer, goal, partner or advertiser is an error, or matches nothing.</summary>
    private static async Task<ReportFilter?> FilterAsync(OfferwallDb db, ReportRequest r, bool unknownIsError,
        Dictionary<string, string[]> errors, CancellationToken ct)
    {
        long? offerId = null, goalId = null, goalOfferId = null;
        if (r.OfferId is not null)
            offerId = await db.Offers.Where(o => o.PublicId == r.OfferId).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct) ?? Unknown("offer_id", "offer");
        if (r.GoalId is not null)
        {
            var goal = await db.Goals.Where(g => g.PublicId == r.GoalId).Select(g => new { g.Id, g.OfferId }).FirstOrDefaultAsync(ct);
            goalId = goal?.Id ?? Unknown("goal_id", "goal");
            goalOfferId = goal?.OfferId ?? -1;
        }
        if (r.PartnerId is { } p && !await db.Partners.AnyAsync(x => x.Id == p, ct)) Unknown("partner_id", "partner");
        if (r.AdvertiserId is { } a && !await db.Advertisers.AnyAsync(x => x.Id == a, ct)) Unknown("advertiser_id", "advertiser");
        return errors.Count > 0 ? null : new ReportFilter(r.PartnerId, r.AdvertiserId, offerId, goalId, goalOfferId, r.Country, r.Platform);

        long Unknown(string field, string what)
        {
            if (unknownIsError) errors[field] = [$"No {what} has this id."];
            return -1;
        }
    }

    /// <summary>The stored hours [from, to) at one offset, added up in the database by the report's time bucket and dimensions.</summary>
    private static async Task<List<RollupRow>> StoredAsync(OfferwallDb db, long from, long to, int offset,
        IReadOnlyList<ReportDimension> groupBy, ReportFilter filter, CancellationToken ct)
    {
        bool Has(ReportDimension d) => groupBy.Contains(d);
        var byGoal = Has(ReportDimension.Goal);
        var parameters = new List<object> { from, to };
        string Param(object value)
        {
            parameters.Add(value);
            return "{" + (parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        }
        var bucket = Has(ReportDimension.Day) ? $"(hour + {offset + 48}) / 24 - 2" : Has(ReportDimension.Hour) ? "hour" : "0";
        var where = new StringBuilder("hour >= {0} AND hour < {1}");
        if (filter.PartnerId is { } p) where.Append(" AND partner_id = ").Append(Param(p));
        if (filter.AdvertiserId is { } a) where.Append(" AND advertiser_id = ").Append(Param(a));
        if (filter.OfferId is { } o) where.Append(" AND offer_id = ").Append(Param(o));
        if (filter.GoalId is { } g)
            where.Append(" AND (goal_id = ").Append(Param(g)).Append(" OR (goal_id = 0 AND offer_id = ").Append(Param(filter.GoalOfferId ?? -1)).Append("))");
        if (filter.Country is { } c) where.Append(" AND country = ").Append(Param(c));
        if (filter.Platform is { } pl) where.Append(" AND platform = ").Append(Param(pl));
        var sum = db.Database.IsNpgsql() ? "::bigint" : "";
        var sql = $"""
            SELECT {bucket} AS hour,
                   {(Has(ReportDimension.Partner) ? "partner_id" : "0")} AS partner_id,
                   {(Has(ReportDimension.Advertiser) ? "advertiser_id" : "0")} AS advertiser_id,
                   {(Has(ReportDimension.Offer) || byGoal ? "offer_id" : "0")} AS offer_id,
                   {(byGoal ? "goal_id" : "0")} AS goal_id,
                   {(Has(ReportDimension.Country) ? "country" : "''")} AS country,
                   {(Has(ReportDimension.Platform) ? "platform" : "''")} AS platform,
                   sum(clicks){sum} AS clicks, sum(approved){sum} AS approved, 0 AS pending, sum(cancelled){sum} AS cancelled,
                   sum(reversals){sum} AS reversals, sum(revenue){sum} AS revenue, sum(cost){sum} AS cost, sum(reward_local){sum} AS reward_local
            FROM report_hours WHERE {where}
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            """;
        return await db.Database.SqlQueryRaw<RollupRow>(sql, [.. parameters]).ToListAsync(ct);
    }
}
