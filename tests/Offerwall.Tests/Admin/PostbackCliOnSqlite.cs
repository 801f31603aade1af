using Offerwall.Tests.Postbacks;

namespace Offerwall.Tests.Admin;

[Collection(nameof(PostbackCliCollection))]
public sealed class PostbackCliOnSqlite(SqlitePostbackFixture app) : PostbackCliTests(app, app.ConnectionString), IClassFixture<SqlitePostbackFixture>;
