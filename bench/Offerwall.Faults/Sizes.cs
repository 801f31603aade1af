namespace Offerwall.Faults;

/// <summary>
/// How big a run is: the short variant (the default, about 3–4 minutes) or --long. Fairness: a backlog of
/// conversions for a partner that never answers, then the healthy partner's conversions at a steady rate
/// for some seconds while the hanging one keeps getting more.
/// </summary>
public sealed record Sizes(
    int CrashPostbacks, int CrashKills, int CrashClicks, int Concurrency,
    int OutageSeconds, int OutageRate, int TwoNodePostbacks, int TwoNodeHeld, int TwoNodeSlowBurst,
    int FairnessBacklog, int FairnessSeconds, int FairnessRate, int FairnessSlowRate)
{
    public static readonly Sizes Short = new(CrashPostbacks: 2_000, CrashKills: 4, CrashClicks: 200, Concurrency: 16,
        OutageSeconds: 24, OutageRate: 25, TwoNodePostbacks: 1_500, TwoNodeHeld: 100, TwoNodeSlowBurst: 300,
        FairnessBacklog: 160, FairnessSeconds: 20, FairnessRate: 5, FairnessSlowRate: 2);

    public static readonly Sizes Long = new(CrashPostbacks: 10_000, CrashKills: 8, CrashClicks: 1_000, Concurrency: 32,
        OutageSeconds: 40, OutageRate: 40, TwoNodePostbacks: 8_000, TwoNodeHeld: 400, TwoNodeSlowBurst: 1_000,
        FairnessBacklog: 400, FairnessSeconds: 30, FairnessRate: 10, FairnessSlowRate: 4);
}
