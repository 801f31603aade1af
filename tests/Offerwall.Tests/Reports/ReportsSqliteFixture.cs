using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Reports;

/// <summary>The reports' server: its clock jumps months ahead (to the next daylight saving change), so the approval job
/// wakes once a day of fake time rather than every 30 seconds of it (a fake clock fires a periodic timer for every period it passes).</summary>
public sealed class ReportsSqliteFixture : SqliteFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Approval:Interval", "1.00:00:00")];
}
