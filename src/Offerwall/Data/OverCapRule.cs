namespace Offerwall.Data;

/// <summary>What a conversion that arrives over a cap becomes: never paid silently.</summary>
public enum OverCapRule
{
    /// <summary>Recorded as cancelled with the reason <c>over_cap</c>: nobody is paid.</summary>
    Cancel = 0,

    /// <summary>Kept pending, with no end to its hold, until the operator approves or cancels it.</summary>
    Hold = 1,
}
