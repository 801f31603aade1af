namespace Offerwall.Bench;

/// <summary>What the phases of one run share.</summary>
public sealed class BenchContext
{
    public required RunOptions Options { get; init; }
    public required Sink Sink { get; init; }
    public required ResultTable Table { get; init; }

    /// <summary>The Data API range, chosen by the Data API phase and reused by the client API phase.</summary>
    public DataRange? Range { get; set; }

    /// <summary>A fresh tag keeps user, offer and event ids new even when the tool runs twice against one database.</summary>
    public static string NewTag() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..4]);
}
