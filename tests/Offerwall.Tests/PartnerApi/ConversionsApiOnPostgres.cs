using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.PartnerApi;

public sealed class ConversionsApiOnPostgres(PostgresFixture app) : ConversionsApiTests(app), IClassFixture<PostgresFixture>;
