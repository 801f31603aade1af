using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

public sealed class DeliveryRulesOnPostgres(PostgresFixture app) : DeliveryRulesTests(app), IClassFixture<PostgresFixture>;
