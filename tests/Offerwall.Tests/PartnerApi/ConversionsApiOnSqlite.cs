using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.PartnerApi;

public sealed class ConversionsApiOnSqlite(SqliteFixture app) : ConversionsApiTests(app), IClassFixture<SqliteFixture>;
