using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.PartnerApi;

public sealed class OpenHourCountsOnSqlite(SqliteFixture app) : OpenHourCountsTests(app), IClassFixture<SqliteFixture>;
