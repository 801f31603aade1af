using Offerwall.Tests.Postbacks;

namespace Offerwall.Tests.Admin;

[Collection(nameof(PostbackCliCollection))]
public sealed class PostbackCliOnPostgres(PostgresPostbackFixture app) : PostbackCliTests(app, app.ConnectionString), IClassFixture<PostgresPostbackFixture>;
