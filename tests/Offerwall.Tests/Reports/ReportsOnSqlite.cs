using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Reports;

public sealed class ReportsOnSqlite(ReportsSqliteFixture app) : ReportsTests(app), IClassFixture<ReportsSqliteFixture>;
