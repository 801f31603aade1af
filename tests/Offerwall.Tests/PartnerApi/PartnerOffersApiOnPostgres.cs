using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.PartnerApi;

public sealed class PartnerOffersApiOnPostgres(PostgresFixture app) : PartnerOffersApiTests(app), IClassFixture<PostgresFixture>;
