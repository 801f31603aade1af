namespace Offerwall.Tests.Reports;

public sealed class ReportCommandsOnSqlite(ReportsSqliteFixture app) : ReportCommandsTests(app, app.ConnectionString), IClassFixture<ReportsSqliteFixture>;
