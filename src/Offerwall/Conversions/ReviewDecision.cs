namespace Offerwall.Conversions;

/// <summary>What the operator's decision did to one conversion of the queue: its status now and whether it left the queue, or why not (Error).</summary>
public sealed record ReviewDecision(long TransactionId, string? Status, bool Decided, string? Error);
