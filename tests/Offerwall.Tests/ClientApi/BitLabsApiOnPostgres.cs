namespace Offerwall.Tests.ClientApi;

public sealed class BitLabsApiOnPostgres(PostgresBitLabsFixture app) : BitLabsApiTests(app), IClassFixture<PostgresBitLabsFixture>;
