namespace Offerwall.Tests.Web;

public sealed class PostgresAdvertiserLimitsFixture() : PostgresLimitsFixture(TestLimits.Advertiser);
