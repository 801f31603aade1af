namespace Offerwall.Fraud;

/// <summary>
/// Who is starting or converting, as the rules look at them: the partner, the offer, the user (null: new at the start), the user's
/// external id, the address and device of the click, its country, and when the click was made (null at the start).
/// </summary>
public sealed record RiskProbe(long PartnerId, long OfferId, long? UserId, string UserExternalId, string Ip, string DeviceKey, string Country,
    DateTime? ClickedAt);
