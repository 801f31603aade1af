namespace Offerwall.Tests.Web;

public sealed class SqliteClientLimitsFixture() : SqliteLimitsFixture(TestLimits.Client);
