namespace Offerwall.Tests.Web;

public sealed class PostgresPartnerLimitsFixture() : PostgresLimitsFixture(TestLimits.Partner);
