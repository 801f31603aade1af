using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Conversions;

public sealed class LedgerFlowOnPostgres(PostgresFixture app) : LedgerFlowTests(app), IClassFixture<PostgresFixture>;
