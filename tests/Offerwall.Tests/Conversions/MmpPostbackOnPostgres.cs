using Offerwall.Tests.Security;

namespace Offerwall.Tests.Conversions;

public sealed class MmpPostbackOnPostgres(PostgresNoProxyFixture app) : MmpPostbackTests(app, app.Logs), IClassFixture<PostgresNoProxyFixture>;
