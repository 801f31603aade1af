namespace Offerwall.Data;

/// <summary>
/// One goal reached on one click, as the advertiser reported it. Its id is the
/// <c>transaction_id</c> partners see. The amounts are fixed when it is created; its status moves
/// pending → approved → (reversed), or pending → cancelled. What partners are paid is not this
/// row but the <see cref="LedgerEntry"/> rows written when it is approved or reversed.
/// </summary>
public sealed class Conversion
{
    public long Id { get; set; }
    public long ClickId { get; set; }
    public long PartnerId { get; set; }
    public long UserId { get; set; }
    public long OfferId { get; set; }
    public long GoalId { get; set; }

    /// <summary>The advertiser's own id of the event; "" for flat goals, which convert once per click.</summary>
    public required string AdvertiserEventId { get; set; }

    public ConversionStatus Status { get; set; }
    public OfferKind Kind { get; set; }
    public string? SurveyId { get; set; }

    /// <summary>User's reward in USD, promotion included.</summary>
    public decimal Reward { get; set; }

    /// <summary>User's reward in the partner's currency.</summary>
    public decimal RewardLocal { get; set; }

    /// <summary>Partner's payout in USD.</summary>
    public decimal Payout { get; set; }

    /// <summary>What the advertiser reported paying, in USD.</summary>
    public decimal AdvertiserPayout { get; set; }

    public long? PromotionId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the hold period ends and the conversion may be approved.</summary>
    public DateTime HoldUntil { get; set; }

    /// <summary>The hold of a conversion kept for the operator's decision (over a cap, rule hold): the approval job never reaches it.</summary>
    public static readonly DateTime HeldForOperator = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>When it left pending (approved or cancelled).</summary>
    public DateTime? DecidedAt { get; set; }

    /// <summary>The click's country and platform, copied.</summary>
    public string Country { get; set; } = "";

    public string Platform { get; set; } = "";

    /// <summary>The click's address and device (<see cref="Click.DeviceKey"/>), copied: the velocity rules count conversions by them.</summary>
    public string Ip { get; set; } = "";

    public string DeviceKey { get; set; } = "";

    /// <summary>Whether a fraud rule put it in the operator's review queue (held or flagged), and which rules did, comma-separated.</summary>
    public ReviewState Review { get; set; }

    public string ReviewRules { get; set; } = "";

    /// <summary>What the fraud rules decided when it arrived (Fraud.RuleOutcome: 0 nothing, 1 flag, 2 hold, 3 reject): kept for the risk report.</summary>
    public int RiskOutcome { get; set; }

    /// <summary>
    /// The day (cap time zone) in which it took a unit of its offer's caps; null: it took none (no caps,
    /// cancelled at once, or over a cap). A cancellation or reversal gives that unit back.
    /// </summary>
    public string? CapDay { get; set; }
}
