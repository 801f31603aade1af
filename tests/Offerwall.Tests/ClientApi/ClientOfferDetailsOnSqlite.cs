using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class ClientOfferDetailsOnSqlite(SqliteFixture app) : ClientOfferDetailsTests(app), IClassFixture<SqliteFixture>;
