namespace Offerwall.Conversions;

public enum LifecycleError { None, NotFound, NotPending, NotApproved }
