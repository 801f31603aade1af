namespace Offerwall.Tests.Fraud;

public sealed class RuleSettingsOnSqlite(ConfiguredSqliteFixture app) : RuleSettingsTests(app), IClassFixture<ConfiguredSqliteFixture>;
