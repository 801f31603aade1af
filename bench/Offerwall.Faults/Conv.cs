namespace Offerwall.Faults;

/// <summary>
/// One conversion as the advertiser knows it: the event it reported (click, goal, event id) and what the
/// server answered about it. The server's transaction id must be the same in every answer.
/// </summary>
public sealed class Conv(string txId, string goalId, string? eventId, bool held)
{
    private long _transactionId;
    private int _reversalClaimed;

    public string TxId { get; } = txId;
    public string GoalId { get; } = goalId;

    /// <summary>Null for a flat goal (one conversion per click).</summary>
    public string? EventId { get; } = eventId;

    /// <summary>On the goal with a hold: pending until approved.</summary>
    public bool Held { get; } = held;

    /// <summary>Reported with status=approved from the start (a new event the advertiser already approved).</summary>
    public bool ReportApproved { get; init; }

    /// <summary>On an offer with a cap: the server may answer cancelled (over the cap) instead of approved.</summary>
    public bool MayBeOverCap { get; init; }

    /// <summary>Answered cancelled because the offer's cap had no room: never paid, no ledger row.</summary>
    public bool OverCap { get; set; }

    public string Key => $"{TxId}|{GoalId}|{EventId ?? ""}";
    public long? TransactionId => Interlocked.Read(ref _transactionId) is var t and not 0 ? t : (long?)null;
    public bool ReversalAcked { get; set; }
    public bool ApprovalAcked { get; set; }

    /// <summary>Claims this conversion's reversal for one sender: true once.</summary>
    public bool ClaimReversal() => Interlocked.Exchange(ref _reversalClaimed, 1) == 0;

    public bool ReversalClaimed => Volatile.Read(ref _reversalClaimed) == 1;

    /// <summary>Stores the first transaction id answered; returns the one stored before (0 if none).</summary>
    internal long SetTransactionId(long id) => Interlocked.CompareExchange(ref _transactionId, id, 0);
}
