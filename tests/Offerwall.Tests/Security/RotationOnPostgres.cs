using Offerwall.Tests.Postbacks;

namespace Offerwall.Tests.Security;

public sealed class RotationOnPostgres(PostgresPostbackFixture app) : RotationTests(app), IClassFixture<PostgresPostbackFixture>;
