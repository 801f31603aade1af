using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class ClientOffersOnSqlite(SqliteFixture app) : ClientOffersTests(app), IClassFixture<SqliteFixture>;
