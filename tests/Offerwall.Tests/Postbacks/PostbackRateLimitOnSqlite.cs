using Offerwall.Tests.Web;

namespace Offerwall.Tests.Postbacks;

public sealed class PostbackRateLimitOnSqlite(SqlitePostbackLimitsFixture app) : PostbackRateLimitTests(app), IClassFixture<SqlitePostbackLimitsFixture>;
