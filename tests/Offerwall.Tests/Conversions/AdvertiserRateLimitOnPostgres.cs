using Offerwall.Tests.Web;

namespace Offerwall.Tests.Conversions;

public sealed class AdvertiserRateLimitOnPostgres(PostgresAdvertiserLimitsFixture app) : AdvertiserRateLimitTests(app), IClassFixture<PostgresAdvertiserLimitsFixture>;
