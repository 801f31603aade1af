namespace Offerwall.Tests.Web;

public sealed class SqlitePartnerLimitsFixture() : SqliteLimitsFixture(TestLimits.Partner);
