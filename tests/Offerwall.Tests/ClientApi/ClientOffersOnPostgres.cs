using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class ClientOffersOnPostgres(PostgresFixture app) : ClientOffersTests(app), IClassFixture<PostgresFixture>;
