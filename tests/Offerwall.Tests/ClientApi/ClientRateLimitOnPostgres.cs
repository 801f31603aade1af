namespace Offerwall.Tests.ClientApi;

public sealed class ClientRateLimitOnPostgres(PostgresTinyLimitFixture app) : ClientRateLimitTests(app), IClassFixture<PostgresTinyLimitFixture>;
