namespace Offerwall.Fraud;

/// <summary>The figures the count rules need, read in one query (<see cref="RiskCheck"/>); 0 or null for a rule that is off.</summary>
public sealed record RiskCounts(
    long UserHour, long UserDay, long AddressHour, long AddressDay, long DeviceHour, long DeviceDay, long AddressClicks, long DeviceUsers,
    long DeviceOtherUsers, string? OtherCountry);
