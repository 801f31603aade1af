namespace Offerwall.Conversions;

/// <summary>Section "Approval": the background job that approves conversions whose hold period is over.</summary>
public sealed class ApprovalOptions
{
    public bool Enabled { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}
