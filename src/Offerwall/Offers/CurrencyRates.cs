using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.Offers;

/// <summary>The operator's rates to set: currency code → USD per one unit (a rate given again replaces the one stored).</summary>
public sealed record CurrencyRatesBody(Dictionary<string, decimal>? Rates) : IValidatableObject
{
    /// <summary>The admin API's check (the framework's validation): <see cref="CurrencyRates.Validate"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) => BodyValidation.Results(CurrencyRates.Validate(this));
}

/// <summary>One stored rate, as the operator sees it.</summary>
public sealed record CurrencyRateView(string Code, decimal UsdPerUnit, DateTime UpdatedAt);

/// <summary>
/// Revenue an MMP reports in the advertiser's currency, in USD at the operator's rates: amount × rate, exact in decimal,
/// then rounded to whole cents half away from zero (<see cref="Rewards.Cents"/>), as every USD amount is.
/// </summary>
public static class CurrencyRates
{
    public const string Usd = "USD";
    public const decimal MaxRate = 1_000_000m;
    public const int MaxRateDecimals = 12;

    /// <summary>The USD value of <paramref name="amount"/> at <paramref name="usdPerUnit"/>, to the cent.</summary>
    public static decimal ToUsd(decimal amount, decimal usdPerUnit) => Rewards.Cents(amount * usdPerUnit);

    /// <summary>An ISO 4217-shaped code: three ASCII letters (any case in, upper case stored).</summary>
    public static bool IsCode(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetter);

    public static Dictionary<string, string[]> Validate(CurrencyRatesBody body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Rates is null || body.Rates.Count == 0) errors["rates"] = ["Give at least one rate: {\"EUR\": 1.08} (USD per one unit)."];
        else if (body.Rates.Count > 200) errors["rates"] = ["At most 200 rates at once."];
        else
            foreach (var (code, rate) in body.Rates)
            {
                if (!IsCode(code)) errors["rates"] = [$"'{StoredText.Clean(code[..Math.Min(code.Length, 20)])}' is not a three-letter currency code."];
                else if (code.Equals(Usd, StringComparison.OrdinalIgnoreCase)) errors["rates"] = ["USD is always 1: it needs no rate."];
                else if (rate <= 0 || rate > MaxRate || rate.Scale > MaxRateDecimals)
                    errors["rates"] = [$"The rate of {code} must be above 0 and at most {MaxRate}, with at most {MaxRateDecimals} decimals."];
            }
        return errors;
    }

    /// <summary>Stores the rates (replacing those of the same codes); answers every rate now stored.</summary>
    public static async Task<List<CurrencyRateView>> SetAsync(OfferwallDb db, CurrencyRatesBody body, DateTime now, CancellationToken ct = default)
    {
        var rates = body.Rates!.ToDictionary(r => r.Key.ToUpperInvariant(), r => r.Value);
        var stored = await db.CurrencyRates.Where(r => rates.Keys.Contains(r.Code)).ToDictionaryAsync(r => r.Code, ct);
        foreach (var (code, rate) in rates)
        {
            if (!stored.TryGetValue(code, out var row)) db.CurrencyRates.Add(row = new CurrencyRate { Code = code });
            row.UsdPerUnit = rate;
            row.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return await ListAsync(db, ct);
    }

    public static async Task<List<CurrencyRateView>> ListAsync(OfferwallDb db, CancellationToken ct = default) =>
        (await db.CurrencyRates.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct)).ConvertAll(r => new CurrencyRateView(r.Code, r.UsdPerUnit, r.UpdatedAt));

    /// <summary>USD per one unit of <paramref name="code"/>: 1 for USD, null when the operator set no rate.</summary>
    public static async Task<decimal?> RateAsync(OfferwallDb db, string code, CancellationToken ct = default) =>
        code == Usd ? 1m : (await db.CurrencyRates.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct))?.UsdPerUnit;
}
