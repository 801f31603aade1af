using Offerwall.Tests.ClientApi;

namespace Offerwall.Tests.Security;

public sealed class AdvertiserAuthBehindProxyOnPostgres(PostgresVpnFixture app) : AdvertiserAuthBehindProxyTests(app), IClassFixture<PostgresVpnFixture>;
