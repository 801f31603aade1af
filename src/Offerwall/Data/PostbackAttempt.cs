namespace Offerwall.Data;

/// <summary>One try at sending a delivery.</summary>
public sealed class PostbackAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public DateTime At { get; set; }
    public required string Url { get; set; }
    public int? StatusCode { get; set; }
    public int LatencyMs { get; set; }

    /// <summary>First 1 KB of the response body, or the error.</summary>
    public string Response { get; set; } = "";
}
