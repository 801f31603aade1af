using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Offerwall.Data;

namespace Offerwall.PartnerApi;

/// <summary>
/// Row counts of the ledger per partner and UTC hour, so the Data API knows its exact total and
/// where a deep page starts without counting or skipping a million rows. Ledger rows are only ever
/// written at the current time, so an hour that ended a while ago (<see cref="Grace"/>) never
/// changes: its counts are computed once, on first need, and kept. Recent hours are counted live
/// (few rows: what of them is older than the grace is kept too, so a live count covers minutes).
/// Eastern-day boundaries are whole UTC hours, so a day range is a set of whole hours.
/// Bulk loads, which write rows in the past, call <see cref="StoredLedgerCounts.ForgetAsync"/> (and, in this process,
/// <see cref="ForgetAsync"/>). A singleton: one per server, so one per database.
/// </summary>
public sealed class LedgerCounts(TimeProvider clock) : IDisposable
{
    /// <summary>How long after an hour ends its rows are taken as final (longer than any transaction runs).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    public sealed record HourCount(DateTime Hour, OfferKind Kind, bool Reverse, long Count);

    public static DateTime FloorHour(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);

    /// <summary>Counts per hour for [fromUtc, toUtc), which must be whole hours.</summary>
    public Task<List<HourCount>> GetAsync(OfferwallDb db, long partnerId, DateTime fromUtc, DateTime toUtc, CancellationToken ct) =>
        GetAsync(db, db, partnerId, fromUtc, toUtc, ct);

    /// <summary>
    /// Counts per hour for [fromUtc, toUtc), which must be whole hours, as <paramref name="read"/> (a replica, or the primary)
    /// holds them: the side the page is then read from, so total and page agree. The stored counts are written only on
    /// <paramref name="primary"/>; until the replica has replayed them, the hours they cover are counted live on the replica.
    /// </summary>
    public async Task<List<HourCount>> GetAsync(OfferwallDb primary, OfferwallDb read, long partnerId, DateTime fromUtc, DateTime toUtc,
        CancellationToken ct)
    {
        var closedEnd = FloorHour(clock.GetUtcNow().UtcDateTime - Grace);
        var result = new List<HourCount>();
        var closedTo = toUtc < closedEnd ? toUtc : closedEnd;
        if (fromUtc < closedTo)
        {
            var stored = await StoredAsync(primary, read, partnerId, fromUtc, closedTo, ct);
            result.AddRange(stored.Where(c => c.Hour >= fromUtc && c.Hour < closedTo));
        }
        var openFrom = fromUtc > closedEnd ? fromUtc : closedEnd;
        if (openFrom < toUtc)
            result.AddRange(ReferenceEquals(primary, read)
                ? await OpenHoursAsync(read, partnerId, openFrom, toUtc, ct)
                : await CountAsync(read, partnerId, openFrom, toUtc, ct));
        return result;
    }

    /// <summary>What is known of one partner's open hours: the counts of [From, To), all of whose rows are older than the grace, as of SeenAt.</summary>
    private sealed record Settled(DateTime From, DateTime To, DateTime SeenAt, List<HourCount> Counts);

    private readonly ConcurrentDictionary<long, Settled> _settled = new();

    /// <summary>
    /// The open hours' counts on the primary: rows older than the grace never change, the rule that closes an hour, so what was counted of
    /// them is kept and extended minute by minute, and only the last minutes (the grace and the current minute) are counted live. Without
    /// it, a page late in an hour counted up to 65 minutes of the partner's rows (docs/performance.md).
    /// </summary>
    private async Task<List<HourCount>> OpenHoursAsync(OfferwallDb db, long partnerId, DateTime from, DateTime to, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var settledTo = new DateTime(Math.Min(to.Ticks, (now - Grace).Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute), DateTimeKind.Utc);
        if (settledTo <= from) return await CountAsync(db, partnerId, from, to, ct);
        // A clock set back (as tests may do) or another start of the range: counted afresh.
        var known = _settled.TryGetValue(partnerId, out var k) && k.From == from && k.To <= settledTo && k.SeenAt <= now ? k : null;
        var counts = known?.Counts ?? [];
        if (known is null || known.To < settledTo)
        {
            counts = Merge(counts, await CountAsync(db, partnerId, known?.To ?? from, settledTo, ct));
            if (_settled.Count >= 100_000) _settled.Clear();
            _settled[partnerId] = new Settled(from, settledTo, now, counts);
        }
        return Merge(counts, await CountAsync(db, partnerId, settledTo, to, ct));
    }

    private static List<HourCount> Merge(List<HourCount> a, List<HourCount> b) => b.Count == 0 ? a : a.Count == 0 ? b
        : [.. a.Concat(b).GroupBy(c => (c.Hour, c.Kind, c.Reverse)).Select(g => new HourCount(g.Key.Hour, g.Key.Kind, g.Key.Reverse, g.Sum(c => c.Count)))];

    /// <summary>The stored hours of one partner as last read: [From, To) and their counts, by hour.</summary>
    private sealed record Stored(DateTime From, DateTime To, HourCount[] Counts);

    // Closed hours never change, so once read they are kept in memory, per partner (a deep page then
    // costs no count query at all). Bounded: about 10 MB of counts in all, least recently used
    // partners dropped first. ForgetAsync, which runs where rows are written in the past, drops them too.
    private readonly MemoryCache _memory = new(new MemoryCacheOptions { SizeLimit = 200_000 });

    public void Dispose() => _memory.Dispose();

    private async Task<IReadOnlyList<HourCount>> StoredAsync(OfferwallDb primary, OfferwallDb read, long partnerId, DateTime from, DateTime to,
        CancellationToken ct)
    {
        // Kept in memory only as read from the primary: a replica's stored counts may be older than a ForgetAsync on the primary.
        var onPrimary = ReferenceEquals(primary, read);
        if (onPrimary && _memory.TryGetValue(partnerId, out Stored? known) && known!.From <= from && to <= known.To) return known.Counts;
        await EnsureStoredAsync(primary, partnerId, from, to, ct);
        var coverage = await read.LedgerCountCoverage.AsNoTracking().FirstOrDefaultAsync(c => c.PartnerId == partnerId, ct);
        if (coverage is null || from < coverage.From || coverage.To < to)
            return await CountAsync(read, partnerId, from, to, ct);   // a replica not yet at the counts just stored: count live there
        var counts = await read.LedgerHourCounts.AsNoTracking()
            .Where(c => c.PartnerId == partnerId && c.Hour >= coverage.From && c.Hour < coverage.To)
            .Select(c => new HourCount(c.Hour, c.Kind, c.Reverse, c.Count)).ToArrayAsync(ct);
        if (!onPrimary) return counts;
        var stored = new Stored(coverage.From, coverage.To, counts);
        _memory.Set(partnerId, stored, new MemoryCacheEntryOptions { Size = Math.Max(1, counts.Length) });
        return counts;
    }

    /// <summary>Drops a partner's counts (or everyone's), kept and stored: after rows were written in the past.</summary>
    public async Task ForgetAsync(OfferwallDb db, long? partnerId, CancellationToken ct = default)
    {
        _memory.Clear();
        _settled.Clear();
        await StoredLedgerCounts.ForgetAsync(db, partnerId, ct);
    }

    /// <summary>Extends the stored stretch to cover [from, to): computes only the hours it lacks.</summary>
    private static async Task EnsureStoredAsync(OfferwallDb db, long partnerId, DateTime from, DateTime to, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var coverage = await db.LedgerCountCoverage.AsNoTracking().FirstOrDefaultAsync(c => c.PartnerId == partnerId, ct);
            if (coverage is not null && coverage.From <= from && to <= coverage.To) return;
            var missing = coverage is null
                ? [(from, to)]
                : new[] { (from, coverage.From), (coverage.To, to) }.Where(r => r.Item1 < r.Item2).ToList();
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                foreach (var (f, t) in missing)
                    db.LedgerHourCounts.AddRange((await CountAsync(db, partnerId, f, t, ct)).Select(c => new LedgerHourCount
                        { PartnerId = partnerId, Hour = c.Hour, Kind = c.Kind, Reverse = c.Reverse, Count = c.Count }));
                var newFrom = coverage is null || from < coverage.From ? from : coverage.From;
                var newTo = coverage is null || to > coverage.To ? to : coverage.To;
                if (coverage is null)
                    db.LedgerCountCoverage.Add(new LedgerCountCoverage { PartnerId = partnerId, From = newFrom, To = newTo });
                else if (await db.LedgerCountCoverage
                             .Where(c => c.PartnerId == partnerId && c.From == coverage.From && c.To == coverage.To)
                             .ExecuteUpdateAsync(s => s.SetProperty(c => c.From, newFrom).SetProperty(c => c.To, newTo), ct) == 0)
                {
                    await tx.RollbackAsync(ct);   // another request extended it meanwhile: look again
                    db.ChangeTracker.Clear();
                    continue;
                }
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                db.ChangeTracker.Clear();
                return;
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();   // another request stored the same hours first: look again
            }
        }
    }

    /// <summary>Counts straight from the ledger, grouped by UTC hour (the one hand-written query per engine here).</summary>
    private static async Task<List<HourCount>> CountAsync(OfferwallDb db, long partnerId, DateTime from, DateTime to, CancellationToken ct)
    {
        var sql = db.Database.IsNpgsql()
            ? (FormattableString)$"""
               SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24') AS "Hour", kind AS "Kind", reverse AS "Reverse", count(*) AS "Count"
               FROM ledger WHERE partner_id = {partnerId} AND occurred_at >= {from} AND occurred_at < {to}
               GROUP BY 1, 2, 3
               """
            : (FormattableString)$"""
               SELECT substr(occurred_at, 1, 13) AS "Hour", kind AS "Kind", reverse AS "Reverse", count(*) AS "Count"
               FROM ledger WHERE partner_id = {partnerId} AND occurred_at >= {from} AND occurred_at < {to}
               GROUP BY 1, 2, 3
               """;
        var rows = await db.Database.SqlQuery<HourRow>(sql).ToListAsync(ct);
        return rows.ConvertAll(r => new HourCount(
            DateTime.SpecifyKind(DateTime.ParseExact(r.Hour, "yyyy-MM-dd HH", CultureInfo.InvariantCulture), DateTimeKind.Utc),
            (OfferKind)r.Kind, r.Reverse, r.Count));
    }

    private sealed record HourRow(string Hour, int Kind, bool Reverse, long Count);

    /// <summary>
    /// Where page <paramref name="offset"/> starts: the first hour whose rows reach past the offset,
    /// and how many of that hour's rows to skip. Pure.
    /// </summary>
    public static (DateTime? Hour, long Skip, long Total) Locate(IEnumerable<HourCount> counts, bool? reverse, OfferKind? kind, long offset)
    {
        var hours = counts.Where(c => (reverse is null || c.Reverse == reverse) && (kind is null || c.Kind == kind))
            .GroupBy(c => c.Hour).Select(g => (Hour: g.Key, Count: g.Sum(c => c.Count))).OrderBy(h => h.Hour).ToList();
        var total = hours.Sum(h => h.Count);
        long before = 0;
        foreach (var (hour, count) in hours)
        {
            if (before + count > offset) return (hour, offset - before, total);
            before += count;
        }
        return (null, 0, total);
    }
}
