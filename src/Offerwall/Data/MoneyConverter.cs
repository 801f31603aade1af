using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Offerwall.Data;

/// <summary>Stores a decimal amount as whole micro-units (1e-6) in a 64-bit integer.</summary>
public sealed class MoneyConverter() : ValueConverter<decimal, long>(
    amount => Money.ToMicros(amount),
    micros => Money.FromMicros(micros));
