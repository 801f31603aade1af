using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

public sealed class DeliveryRulesOnSqlite(SqliteFixture app) : DeliveryRulesTests(app), IClassFixture<SqliteFixture>;
