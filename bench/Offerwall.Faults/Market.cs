namespace Offerwall.Faults;

/// <summary>What a scenario sells: one advertiser, one offer with three goals, one partner whose postbacks go to the sink, and clicks.</summary>
public sealed record Market(long PartnerId, string AdvertiserSecret, string OfferId, IReadOnlyList<string> TxIds)
{
    /// <summary>The partner's postback secret, which the sink verifies signatures with.</summary>
    public string PostbackSecret { get; init; } = "";

    /// <summary>The partner's app token, for the client API (X-Api-Token).</summary>
    public string AppToken { get; init; } = "";

    /// <summary>Flat, no hold: one conversion per click, approved (and paid) at once.</summary>
    public string InstallGoal => $"{OfferId}_0";

    /// <summary>Dynamic, no hold: one conversion per event id, approved at once.</summary>
    public string PurchaseGoal => $"{OfferId}_1";

    /// <summary>Dynamic with a 24-hour hold: pending until the advertiser approves it or the hold is over.</summary>
    public string HeldGoal => $"{OfferId}_2";
}
