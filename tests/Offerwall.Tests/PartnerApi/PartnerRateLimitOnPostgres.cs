using Offerwall.Tests.Web;

namespace Offerwall.Tests.PartnerApi;

public sealed class PartnerRateLimitOnPostgres(PostgresPartnerLimitsFixture app) : PartnerRateLimitTests(app), IClassFixture<PostgresPartnerLimitsFixture>;
