namespace Offerwall.Bench;

/// <summary>One operation of a closed loop: null when it succeeded, else a short description of what went wrong.</summary>
public delegate ValueTask<string?> Operation(CancellationToken ct);
