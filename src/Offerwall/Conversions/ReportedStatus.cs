namespace Offerwall.Conversions;

public enum ReportedStatus { Pending, Approved, Cancelled }
