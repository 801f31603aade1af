namespace Offerwall.Fraud;

/// <summary>What a fraud rule does when it triggers; a stronger outcome wins over a weaker one (docs/fraud.md).</summary>
public enum RuleOutcome
{
    /// <summary>The rule is not checked.</summary>
    Off = 0,

    /// <summary>The conversion is paid as usual and listed for review.</summary>
    Flag = 1,

    /// <summary>The conversion stays pending, past its hold period, until the operator approves or cancels it.</summary>
    Hold = 2,

    /// <summary>The conversion is cancelled (never paid); at the start, the start is refused.</summary>
    Reject = 3,
}
