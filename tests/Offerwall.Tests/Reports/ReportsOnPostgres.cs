using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Reports;

public sealed class ReportsOnPostgres(ReportsPostgresFixture app) : ReportsTests(app), IClassFixture<ReportsPostgresFixture>;
