namespace Offerwall.Data;

/// <summary>A conversion's place in the operator's review queue (docs/fraud.md).</summary>
public enum ReviewState
{
    /// <summary>Not in the queue: no rule asked for review, or the operator has decided.</summary>
    None = 0,

    /// <summary>Pending until the operator approves or cancels it, whatever its hold period.</summary>
    Held = 1,

    /// <summary>Paid as usual, and listed for the operator to look at.</summary>
    Flagged = 2,
}
