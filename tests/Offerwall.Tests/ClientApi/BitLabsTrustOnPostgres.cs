namespace Offerwall.Tests.ClientApi;

public sealed class BitLabsTrustOnPostgres(PostgresBitLabsTrustFixture app) : BitLabsTrustTests(app), IClassFixture<PostgresBitLabsTrustFixture>;
