namespace Offerwall.Data;

/// <summary>How the client shows promised points: plain, "up to", or per commission amount.</summary>
public enum DisplayType { None = 0, UpTo = 1, Commission = 2 }
