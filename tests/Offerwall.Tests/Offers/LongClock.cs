namespace Offerwall.Tests.Offers;

/// <summary>
/// For tests that move the fake clock by months or years: the approval job ticks once a day instead of every 30 seconds, so a jump
/// does not fire its timer a million times (a fake clock runs every tick of a periodic timer it jumps over). The job still runs after
/// every jump: a tick that fires while it works makes it run again.
/// </summary>
public static class LongClock
{
    public static readonly KeyValuePair<string, string?>[] Settings = [new("Approval:Interval", "1.00:00:00")];
}
