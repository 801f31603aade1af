using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Offers;

public sealed class OfferStateOnPostgres(PostgresFixture app) : OfferStateTests(app, app.ConnectionString), IClassFixture<PostgresFixture>;
