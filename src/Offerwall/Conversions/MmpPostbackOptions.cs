namespace Offerwall.Conversions;

/// <summary>Section "MmpPostbacks" (docs/integrations.md).</summary>
public sealed class MmpPostbackOptions
{
    /// <summary>
    /// The folder of the MMPs' published source ranges, one file per profile ("appsflyer.txt"): one IP or CIDR range a line,
    /// "#" comments. Empty: the lists shipped with the server (Conversions/MmpRanges next to the executable).
    /// </summary>
    public string RangesFolder { get; set; } = "";
}
