namespace Offerwall.Tests.Web;

public sealed class SqliteAdvertiserLimitsFixture() : SqliteLimitsFixture(TestLimits.Advertiser);
