using Offerwall.Tests.Web;

namespace Offerwall.Tests.ClientApi;

public sealed class ClientIsolationOnPostgres(PostgresClientLimitsFixture app) : ClientIsolationTests(app), IClassFixture<PostgresClientLimitsFixture>;
