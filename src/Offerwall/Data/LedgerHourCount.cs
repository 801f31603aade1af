namespace Offerwall.Data;

/// <summary>How many ledger rows of one partner, kind and direction fell in one UTC hour.</summary>
public sealed class LedgerHourCount
{
    public long PartnerId { get; set; }
    public DateTime Hour { get; set; }
    public OfferKind Kind { get; set; }
    public bool Reverse { get; set; }
    public long Count { get; set; }
}
