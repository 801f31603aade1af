using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Offerwall.Data;

/// <summary>Stores a decimal as its invariant text, every digit kept (for rates finer than money's micro-units).</summary>
public sealed class DecimalTextConverter() : ValueConverter<decimal, string>(
    value => value.ToString(CultureInfo.InvariantCulture),
    text => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture));
