using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Data;

public sealed class StorageOnPostgres(PostgresFixture app) : StorageTests(app), IClassFixture<PostgresFixture>;
