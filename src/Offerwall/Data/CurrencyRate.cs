namespace Offerwall.Data;

/// <summary>
/// The operator's exchange rate for an advertiser currency: what one unit is worth in USD. MMP revenue in that
/// currency is converted with it (Offers/CurrencyRates.cs); USD itself needs no row.
/// </summary>
public sealed class CurrencyRate
{
    /// <summary>ISO 4217 code, upper case ("EUR").</summary>
    public required string Code { get; set; }

    /// <summary>USD per one unit of the currency, exact (up to 12 decimals).</summary>
    public decimal UsdPerUnit { get; set; }

    public DateTime UpdatedAt { get; set; }
}
