using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Reports;

/// <summary>As <see cref="ReportsSqliteFixture"/>, on PostgreSQL.</summary>
public sealed class ReportsPostgresFixture : PostgresFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Approval:Interval", "1.00:00:00")];
}
