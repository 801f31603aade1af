namespace Offerwall.Data;

/// <summary>Flat goals pay a fixed amount once per click; dynamic goals (purchases) vary and may repeat.</summary>
public enum GoalKind { Flat = 0, Dynamic = 1 }
