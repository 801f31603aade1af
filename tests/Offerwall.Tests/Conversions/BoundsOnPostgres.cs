using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Conversions;

public sealed class BoundsOnPostgres(PostgresFixture app) : BoundsTests(app), IClassFixture<PostgresFixture>;
