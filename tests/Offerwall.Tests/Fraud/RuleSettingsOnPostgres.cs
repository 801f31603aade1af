namespace Offerwall.Tests.Fraud;

public sealed class RuleSettingsOnPostgres(ConfiguredPostgresFixture app) : RuleSettingsTests(app), IClassFixture<ConfiguredPostgresFixture>;
