namespace Offerwall.Data;

/// <summary>History of a conversion's status: who moved it, why, when.</summary>
public sealed class ConversionChange
{
    public long Id { get; set; }
    public long ConversionId { get; set; }
    public ConversionStatus? FromStatus { get; set; }
    public ConversionStatus ToStatus { get; set; }
    public required string Actor { get; set; }
    public string Reason { get; set; } = "";
    public DateTime At { get; set; }
}
