namespace Offerwall.Data;

/// <summary>The client API's type_id: 0 not specified, 1 install, 2 event, 3 purchase, 4 time played.</summary>
public enum GoalType { NotSpecified = 0, Install = 1, Event = 2, Purchase = 3, TimePlayed = 4 }
