namespace Offerwall.Data;

public static class Money
{
    public const decimal MicrosPerUnit = 1_000_000m;

    /// <summary>Amounts are kept to 6 decimal places; anything finer is rounded half away from zero.</summary>
    public static long ToMicros(decimal amount) =>
        decimal.ToInt64(decimal.Round(amount * MicrosPerUnit, 0, MidpointRounding.AwayFromZero));

    /// <summary>The amount with no trailing zeros, so it serialises as 11.05, not 11.050000.</summary>
    public static decimal FromMicros(long micros)
    {
        // Built from its parts (every row of a Data API page reads three amounts; two decimal
        // divisions each cost more than the rest of the row): the trailing zeros of the micro-units
        // are dropped from the integer and the scale alike.
        var magnitude = micros < 0 ? (ulong)-(micros + 1) + 1 : (ulong)micros;
        byte scale = 6;
        while (scale > 0 && magnitude % 10 == 0)
        {
            magnitude /= 10;
            scale--;
        }
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, micros < 0, scale);
    }

    // Dividing by 1 written with 28 decimal places yields the same value at its smallest scale.
    public static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;
}
