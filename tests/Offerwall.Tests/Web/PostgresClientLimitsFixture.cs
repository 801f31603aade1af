namespace Offerwall.Tests.Web;

public sealed class PostgresClientLimitsFixture() : PostgresLimitsFixture(TestLimits.Client);
