using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class ClientErrorsOnPostgres(PostgresFixture app) : ClientErrorsTests(app), IClassFixture<PostgresFixture>;
