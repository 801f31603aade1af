using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class ConversionExportOnPostgres(PostgresFixture app) : ConversionExportTests(app), IClassFixture<PostgresFixture>;
