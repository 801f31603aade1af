namespace Offerwall.Data;

/// <summary>One step of an offer ("Reach level 10"). Goals are ordered by <see cref="Position"/>.</summary>
public sealed class Goal
{
    public long Id { get; set; }
    public long OfferId { get; set; }

    /// <summary>The id partners see, e.g. "tU5z8PU5BIR9_133".</summary>
    public required string PublicId { get; set; }

    /// <summary>Stable id the client API shows as the event's uuid.</summary>
    public Guid Uuid { get; set; }

    public int Position { get; set; }

    /// <summary>Shown to users and reported as the ledger row's note.</summary>
    public required string Name { get; set; }

    /// <summary>What the advertiser pays us for this goal, in USD.</summary>
    public decimal Payout { get; set; }

    /// <summary>What the user earns, in USD (converted to the partner's currency by its ratio).</summary>
    public decimal Reward { get; set; }

    public GoalKind Kind { get; set; }
    public DisplayType DisplayType { get; set; }
    public GoalType Type { get; set; }

    /// <summary>For commission goals: the purchase amount (USD) that earns the promised reward.</summary>
    public decimal? CommissionAmount { get; set; }

    /// <summary>For time-played goals: unit ("minutes") and count.</summary>
    public string? TimePlayedUnit { get; set; }
    public int? TimePlayedCount { get; set; }

    /// <summary>Hours a conversion stays pending before it is approved; 0: approved at once.</summary>
    public int HoldHours { get; set; }

    /// <summary>Hours from the click within which this goal must be reached; null: the offer's limit.</summary>
    public int? TimeLimitHours { get; set; }

    public bool Payable => Reward > 0;

    /// <summary>
    /// Paused by the operator (admin API, CLI, console): users are no longer offered it, the offer stays with its other goals; a
    /// re-import does not resume it. Its conversions are still recorded, as a paused offer's are (docs/targeting.md).
    /// </summary>
    public bool Paused { get; set; }

    /// <summary>
    /// The names under which the advertiser's measurement partner reports this goal (AppsFlyer "af_level_10", an Adjust
    /// event token, "install"), separated by newlines; empty: none. Set per offer (admin API, CLI): docs/integrations.md.
    /// </summary>
    public string MmpEvents { get; set; } = "";

    /// <summary>This goal's own caps and budgets, counted apart from the offer's.</summary>
    public Caps Caps { get; set; } = new();

    /// <summary>
    /// A dynamic goal's payout is 0 (it then pays its reward as is, whatever is reported) or at least
    /// this; its reward is at most <see cref="MaxDynamicRewardRatio"/> times its payout. The user's
    /// reward is reward × reported payout ÷ payout, so a tiny payout would turn a 1 USD purchase into
    /// millions.
    /// </summary>
    public const decimal MinDynamicPayout = 0.01m;

    public const decimal MaxDynamicRewardRatio = 10m;
}
