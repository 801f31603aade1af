namespace Offerwall.Data;

/// <summary>
/// What happened in one closed UTC hour for one partner, advertiser, offer, goal, country and platform: the reports'
/// rollup (Reports/ReportRollups.cs). <see cref="Hour"/> counts hours since 1970-01-01 UTC. Clicks have no goal
/// (<see cref="GoalId"/> 0). Approvals and reversals are the ledger's rows of the hour; cancellations the
/// conversions cancelled in it. Amounts are net of reversals: advertiser revenue, partner cost (payout) and
/// the users' rewards in the partner's currency.
/// </summary>
public sealed class ReportHour
{
    public long Hour { get; set; }
    public long PartnerId { get; set; }
    public long AdvertiserId { get; set; }
    public long OfferId { get; set; }
    public long GoalId { get; set; }
    public string Country { get; set; } = "";
    public string Platform { get; set; } = "";
    public long Clicks { get; set; }
    public long Approved { get; set; }
    public long Cancelled { get; set; }
    public long Reversals { get; set; }
    public decimal Revenue { get; set; }
    public decimal Cost { get; set; }
    public decimal RewardLocal { get; set; }
}
