using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.PartnerApi;

public sealed class PartnerOffersApiOnSqlite(SqliteFixture app) : PartnerOffersApiTests(app), IClassFixture<SqliteFixture>;
