using Offerwall.Tests.Web;

namespace Offerwall.Tests.Postbacks;

public sealed class PostbackRateLimitOnPostgres(PostgresPostbackLimitsFixture app) : PostbackRateLimitTests(app), IClassFixture<PostgresPostbackLimitsFixture>;
