using Offerwall.Tests.Infrastructure;

namespace Offerwall.Tests.Pages;

public sealed class PageEndpointsOnPostgres(PostgresFixture app) : PageEndpointsTests(app), IClassFixture<PostgresFixture>;
