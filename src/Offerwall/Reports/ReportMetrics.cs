using Offerwall.Data;

namespace Offerwall.Reports;

/// <summary>One report row's counts and sums (amounts in micro-units), added up from rollup rows.</summary>
public sealed class ReportMetrics
{
    public long Clicks { get; set; }
    public long Approved { get; private set; }
    public long Pending { get; private set; }
    public long Cancelled { get; private set; }
    public long Reversals { get; private set; }
    public long RevenueMicros { get; private set; }
    public long CostMicros { get; private set; }
    public long RewardLocalMicros { get; private set; }

    public void Add(RollupRow r, bool clicks = true)
    {
        if (clicks) Clicks += r.Clicks;
        Approved += r.Approved;
        Pending += r.Pending;
        Cancelled += r.Cancelled;
        Reversals += r.Reversals;
        RevenueMicros += r.Revenue;
        CostMicros += r.Cost;
        RewardLocalMicros += r.RewardLocal;
    }

    public decimal Revenue => Money.FromMicros(RevenueMicros);
    public decimal Cost => Money.FromMicros(CostMicros);
    public decimal Margin => Money.FromMicros(RevenueMicros - CostMicros);
    public decimal RewardLocal => Money.FromMicros(RewardLocalMicros);

    /// <summary>Approved conversions per click, to 4 decimal places; null without clicks.</summary>
    public decimal? ConversionRate => Clicks == 0 ? null : Money.Normalize(Math.Round((decimal)Approved / Clicks, 4, MidpointRounding.AwayFromZero));

    /// <summary>An amount per click (earnings per click), to 4 decimal places; null without clicks.</summary>
    public decimal? PerClick(long micros) =>
        Clicks == 0 ? null : Money.Normalize(Math.Round(Money.FromMicros(micros) / Clicks, 4, MidpointRounding.AwayFromZero));
}
