namespace Offerwall.Tests.Web;

public sealed class PostgresPostbackLimitsFixture() : PostgresLimitsFixture(TestLimits.Postbacks);
