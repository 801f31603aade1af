using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.ClientApi;

public sealed class ClientOfferDetailsOnPostgres(PostgresFixture app) : ClientOfferDetailsTests(app), IClassFixture<PostgresFixture>;
