using Offerwall.Tests.Web;

namespace Offerwall.Tests.Conversions;

public sealed class AdvertiserRateLimitOnSqlite(SqliteAdvertiserLimitsFixture app) : AdvertiserRateLimitTests(app), IClassFixture<SqliteAdvertiserLimitsFixture>;
