namespace Offerwall.Data;

/// <summary>
/// What counts against one cap in one period: conversions and spend (USD) of an offer
/// (<see cref="GoalId"/> 0) or of one of its goals, in one day of the offer's cap time zone
/// (<see cref="Day"/> "yyyy-MM-dd") or in all (<see cref="Total"/>). A conversion takes its unit
/// with a conditional UPDATE in the transaction that records it, which the database serializes,
/// so a cap is exact under any concurrency and across server nodes.
/// </summary>
public sealed class CapCounter
{
    public const string Total = "total";

    public long OfferId { get; set; }
    public long GoalId { get; set; }
    public required string Day { get; set; }
    public int Conversions { get; set; }
    public decimal Spend { get; set; }
}
