using Offerwall.Tests.ClientApi;

namespace Offerwall.Tests.Security;

public sealed class AdvertiserAuthBehindProxyOnSqlite(SqliteVpnFixture app) : AdvertiserAuthBehindProxyTests(app), IClassFixture<SqliteVpnFixture>;
