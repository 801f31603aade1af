namespace Offerwall.Data;

/// <summary>
/// A row that pays: an approved conversion, or the reversal of one (<see cref="Reverse"/>, same
/// <see cref="TransactionId"/>, carrying the reversed amounts). Append-only, never edited. It copies
/// what the partner sees (user id, offer name, note) so the Data API and postbacks read one row,
/// and so a later rename of an offer does not rewrite history.
/// <see cref="OccurredAt"/> is when the row was written, to the second: rows are only ever appended
/// at the end of the (OccurredAt, TransactionId) order, so a partner paging through them never
/// skips or repeats a row.
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }
    public long TransactionId { get; set; }
    public bool Reverse { get; set; }
    public long PartnerId { get; set; }
    public long UserId { get; set; }
    public required string UserExternalId { get; set; }
    public required string OfferPublicId { get; set; }
    public required string OfferName { get; set; }
    public required string GoalPublicId { get; set; }
    public required string Note { get; set; }
    public decimal Reward { get; set; }
    public decimal RewardLocal { get; set; }
    public decimal Payout { get; set; }
    public OfferKind Kind { get; set; }
    public string? SurveyId { get; set; }
    public DateTime OccurredAt { get; set; }

    /// <summary>The click's country and platform (not in the Data API's rows, which stay the seed's).</summary>
    public string Country { get; set; } = "";

    public string Platform { get; set; } = "";

    /// <summary>The row that pays (or, reversed, un-pays) a conversion, written at <paramref name="now"/>.</summary>
    public static LedgerEntry For(ConversionFacts facts, bool reverse, DateTime now)
    {
        var c = facts.Conversion;
        return new LedgerEntry
        {
            TransactionId = c.Id, Reverse = reverse, PartnerId = c.PartnerId, UserId = c.UserId, UserExternalId = facts.UserExternalId,
            OfferPublicId = facts.OfferPublicId, OfferName = facts.OfferName, GoalPublicId = facts.GoalPublicId, Note = facts.GoalName,
            Reward = c.Reward, RewardLocal = c.RewardLocal, Payout = c.Payout, Kind = c.Kind, SurveyId = c.SurveyId,
            Country = c.Country, Platform = c.Platform, OccurredAt = ToWholeSecond(now),
        };
    }

    public static DateTime ToWholeSecond(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
