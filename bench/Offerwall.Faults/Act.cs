namespace Offerwall.Faults;

/// <summary>What an advertiser's postback says about a conversion.</summary>
public enum Act { New, Repeat, Reverse, Approve }
