using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.PartnerApi;

public sealed class OpenHourCountsOnPostgres(PostgresFixture app) : OpenHourCountsTests(app), IClassFixture<PostgresFixture>;
