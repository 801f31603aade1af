using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Admin;

public sealed class AdminValidationOnPostgres(PostgresFixture app) : AdminValidationTests(app), IClassFixture<PostgresFixture>;
