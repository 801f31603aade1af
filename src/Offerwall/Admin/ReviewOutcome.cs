using Offerwall.Conversions;

namespace Offerwall.Admin;

/// <summary>What a bulk decision did: how many conversions left the queue, how many could not, and each one's result.</summary>
public sealed record ReviewOutcome(int Decided, int Failed, IReadOnlyList<ReviewDecision> Items);
