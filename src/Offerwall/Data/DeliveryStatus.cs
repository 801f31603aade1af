namespace Offerwall.Data;

public enum DeliveryStatus { Pending = 0, Delivered = 1, Dead = 2 }
