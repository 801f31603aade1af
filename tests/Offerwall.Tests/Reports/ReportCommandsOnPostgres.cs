namespace Offerwall.Tests.Reports;

public sealed class ReportCommandsOnPostgres(ReportsPostgresFixture app) : ReportCommandsTests(app, app.ConnectionString), IClassFixture<ReportsPostgresFixture>;
