namespace Offerwall.Data;

/// <summary>
/// An outgoing postback to a partner (outbox row), written in the same transaction as the ledger
/// change that causes it. Its id is stable across retries so partners can deduplicate.
/// </summary>
public sealed class PostbackDelivery
{
    public long Id { get; set; }
    public long PartnerId { get; set; }
    public long ConversionId { get; set; }
    public long? LedgerEntryId { get; set; }
    public LedgerEntry? Ledger { get; set; }
    public bool Reverse { get; set; }

    /// <summary>What the postback reports: approved, reversed, or for stateful partners pending/cancelled.</summary>
    public required string Event { get; set; }

    public DeliveryStatus Status { get; set; }
    /// <summary>Attempts made in all.</summary>
    public int Attempts { get; set; }

    /// <summary>Failed attempts since the delivery was queued or last replayed: the position on the retry ladder.</summary>
    public int RetryStep { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>While a worker sends it: until when, and the claim's token (a worker whose lease ran out cannot record its result).</summary>
    public DateTime? LeaseUntil { get; set; }
    public Guid? LeaseToken { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }

    /// <summary>The W3C traceparent of the request that queued it, when tracing was on: its sends continue that trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>A W3C traceparent's length ("00-" + 32 + "-" + 16 + "-" + 2).</summary>
    public const int TraceParentLength = 55;
}
