namespace Offerwall.Tests.Web;

public sealed class SqlitePostbackLimitsFixture() : SqliteLimitsFixture(TestLimits.Postbacks);
