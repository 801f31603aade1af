using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

public sealed class OfferStateOnSqlite(SqliteFixture app) : OfferStateTests(app, app.ConnectionString), IClassFixture<SqliteFixture>;
