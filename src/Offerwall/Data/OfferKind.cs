namespace Offerwall.Data;

public enum OfferKind { Offer = 0, Survey = 1 }
