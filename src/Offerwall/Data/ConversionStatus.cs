namespace Offerwall.Data;

public enum ConversionStatus { Pending = 0, Approved = 1, Cancelled = 2, Reversed = 3 }
