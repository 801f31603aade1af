namespace Offerwall.Data;

/// <summary>The hours [From, To) whose counts are stored for a partner (one contiguous stretch).</summary>
public sealed class LedgerCountCoverage
{
    public long PartnerId { get; set; }
    public DateTime From { get; set; }
    public DateTime To { get; set; }
}
