using Offerwall.Tests.Web;

namespace Offerwall.Tests.PartnerApi;

public sealed class PartnerRateLimitOnSqlite(SqlitePartnerLimitsFixture app) : PartnerRateLimitTests(app), IClassFixture<SqlitePartnerLimitsFixture>;
