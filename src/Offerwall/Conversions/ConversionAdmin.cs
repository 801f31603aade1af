using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Conversions;

public sealed record ConversionView(long TransactionId, long PartnerId, string UserId, string OfferId, string GoalId, string Status,
    decimal Reward, decimal RewardLocal, decimal Payout, decimal AdvertiserPayout, long? PromotionId, string? SurveyId,
    DateTime CreatedAt, DateTime HoldUntil, DateTime? DecidedAt);

public sealed record ChangeView(string? From, string To, string Actor, string Reason, DateTime At);

/// <summary>The operator's conversion operations, shared by the admin API and the command line.</summary>
public static class ConversionAdmin
{
    public const int MaxLimit = 1000;

    public static bool TryParseStatus(string? text, out ConversionStatus? status)
    {
        status = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!Enum.TryParse<ConversionStatus>(text, ignoreCase: true, out var s) || !Enum.IsDefined(s) || char.IsDigit(text[0])) return false;
        status = s;
        return true;
    }

    /// <summary>Newest first; <paramref name="beforeId"/> pages backwards.</summary>
    public static Task<List<ConversionView>> ListAsync(OfferwallDb db, long? partnerId, ConversionStatus? status, long? beforeId, int limit, CancellationToken ct = default)
    {
        var conversions = db.Conversions.AsNoTracking();
        if (partnerId is not null) conversions = conversions.Where(c => c.PartnerId == partnerId);
        if (status is not null) conversions = conversions.Where(c => c.Status == status);
        if (beforeId is not null) conversions = conversions.Where(c => c.Id < beforeId);
        return (from c in conversions.OrderByDescending(c => c.Id).Take(Math.Clamp(limit, 1, MaxLimit))
                join u in db.Users on c.UserId equals u.Id
                join o in db.Offers on c.OfferId equals o.Id
                join g in db.Goals on c.GoalId equals g.Id
                orderby c.Id descending
                select new ConversionView(c.Id, c.PartnerId, u.ExternalId, o.PublicId, g.PublicId, c.Status.ToString().ToLower(), c.Reward,
                    c.RewardLocal, c.Payout, c.AdvertiserPayout, c.PromotionId, c.SurveyId, c.CreatedAt, c.HoldUntil, c.DecidedAt))
            .ToListAsync(ct);
    }

    public static Task<List<ChangeView>> HistoryAsync(OfferwallDb db, long id, CancellationToken ct = default) =>
        db.ConversionChanges.AsNoTracking().Where(c => c.ConversionId == id).OrderBy(c => c.Id)
            .Select(c => new ChangeView(c.FromStatus == null ? null : c.FromStatus.ToString()!.ToLower(), c.ToStatus.ToString().ToLower(), c.Actor, c.Reason, c.At))
            .ToListAsync(ct);

    public const string CsvHeader = "transaction_id,reverse,user_id,offer_id,offer_name,goal_id,note," +
        "reward,reward_local_currency,payout,type,survey_id,date_time_utc,date_time_eastern,partner_id,advertiser_payout,margin";

    /// <summary>
    /// Writes the ledger rows of <paramref name="partnerId"/> (or of everyone) between two Eastern
    /// days, both inclusive, as CSV (RFC 4180), streaming in Data API order. Returns the row count.
    /// The last three columns (after the Data API's own) are the partner, what the advertiser pays
    /// for the conversion (USD) and the margin (advertiser payout − partner payout, USD). A reversal
    /// row (<c>reverse</c> 1) gives the reversed amounts as positive numbers, as the other amount
    /// columns do: a reader subtracts it.
    /// </summary>
    public static async Task<long> ExportCsvAsync(OfferwallDb db, long? partnerId, DateOnly from, DateOnly to, TextWriter output,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var (fromUtc, toUtc) = EasternTime.Range(from, to);
        var rows = db.Ledger.AsNoTracking().Where(l => l.OccurredAt >= fromUtc && l.OccurredAt < toUtc);
        if (partnerId is not null) rows = rows.Where(l => l.PartnerId == partnerId);
        await output.WriteLineAsync(CsvHeader);
        long count = 0;
        var joined = from l in rows
                     join c in db.Conversions on l.TransactionId equals c.Id
                     orderby l.OccurredAt, l.TransactionId, l.Reverse
                     select new { Row = l, c.AdvertiserPayout };
        await foreach (var j in joined.AsAsyncEnumerable().WithCancellation(ct))
        {
            var l = j.Row;
            await output.WriteLineAsync(string.Join(',',
                l.TransactionId.ToString(CultureInfo.InvariantCulture), l.Reverse ? "1" : "0", Csv.Field(l.UserExternalId), Csv.Field(l.OfferPublicId), Csv.Field(l.OfferName),
                Csv.Field(l.GoalPublicId), Csv.Field(l.Note), l.Reward.ToString(CultureInfo.InvariantCulture), l.RewardLocal.ToString(CultureInfo.InvariantCulture),
                l.Payout.ToString(CultureInfo.InvariantCulture), l.Kind.ToString().ToLowerInvariant(), Csv.Field(l.SurveyId ?? ""),
                l.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), EasternTime.Format(l.OccurredAt),
                l.PartnerId.ToString(CultureInfo.InvariantCulture), j.AdvertiserPayout.ToString(CultureInfo.InvariantCulture),
                (j.AdvertiserPayout - l.Payout).ToString(CultureInfo.InvariantCulture)));
            if (++count % 10_000 == 0) progress?.Report(count);
        }
        progress?.Report(count);
        return count;
    }
}
